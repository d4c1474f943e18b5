// Fuzzes the worker upload: parseUpload (every content type it accepts) and
// readManifest. Both take bytes straight from PUT /workers/NAME.
//
// The first input byte picks the content type; the rest is the body. A user mistake is
// a kj::Exception of type FAILED thrown by upload.cc's reject() or json.cc's parseJson()
// (its description is the 400 message) and is fine. Anything else is a finding: a crash
// or an ASan report, a leak, an exception of another type, a FAILED one from anywhere
// else (a KJ_ASSERT or KJ_REQUIRE tripped in our code or in a library we called with
// unchecked input: the user would get KJ's internal wording), or an accepted upload that
// breaks what the rest of the control plane relies on (checked below).

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <kj/debug.h>
#include <kj/exception.h>

#include "control/upload.h"

namespace {

// A fixed boundary, so the fuzzer can write parts (the corpus and upload.dict use it).
constexpr const char* MULTIPART = "multipart/form-data; boundary=FUZZ";

void check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "upload-fuzzer: accepted upload breaks: %s\n", what);
    abort();
  }
}

void checkAccepted(const shoal::Upload& upload) {
  check(upload.modules.size() > 0, "at least one module");
  bool mainFound = false;
  for (auto& module: upload.modules) {
    kj::StringPtr path = module.path;
    check(path.size() > 0 && !path.startsWith("/"), "module paths are relative");
    check(path.findFirst('\\') == nullptr, "no backslash in a module path");
    if (path == upload.mainModule) mainFound = true;
  }
  check(mainFound, "the main module is one of the modules");
  check(upload.limits.cpuMs <= shoal::MAX_CPU_MS, "cpu_ms within MAX_CPU_MS");
  check(upload.limits.memoryMib == 0 || (upload.limits.memoryMib >= shoal::MIN_MEMORY_MIB &&
                                         upload.limits.memoryMib <= shoal::MAX_MEMORY_MIB),
        "memory_mib within bounds");
}

void reportUnexpected(kj::Exception& e) {
  fprintf(stderr, "upload-fuzzer: unexpected exception (not a user error): %s\n",
          kj::str(e).cStr());
  abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto body = kj::arrayPtr(data + 1, size - 1);
  uint8_t selector = data[0];

  KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() {
    switch (selector % 6) {
      case 0: checkAccepted(shoal::parseUpload("application/javascript", body)); break;
      case 1: checkAccepted(shoal::parseUpload("application/json", body)); break;
      case 2: checkAccepted(shoal::parseUpload(MULTIPART, body)); break;
      case 3: checkAccepted(shoal::parseUpload("", body)); break;
      case 4: {
        // The content type is the body's first line: fuzzes the header-parameter parsing.
        auto text = kj::heapString(body.asChars());
        kj::StringPtr rest = text;
        size_t end = rest.size();
        KJ_IF_MAYBE(newline, rest.findFirst('\n')) end = *newline;
        auto contentType = kj::heapString(rest.slice(0, end));
        auto bytes = end < rest.size() ? body.slice(end + 1, body.size()) : body.slice(0, 0);
        checkAccepted(shoal::parseUpload(contentType, bytes));
        break;
      }
      case 5: {
        shoal::Upload upload;
        shoal::readManifest(kj::heapString(body.asChars()), upload);
        check(upload.limits.cpuMs <= shoal::MAX_CPU_MS, "manifest cpu_ms within bounds");
        break;
      }
    }
  })) {
    kj::StringPtr file = e->getFile();
    bool userError = e->getType() == kj::Exception::Type::FAILED &&
                     (file.endsWith("control/upload.cc") || file.endsWith("control/json.cc"));
    if (!userError) reportUnexpected(*e);
  }
  return 0;
}
