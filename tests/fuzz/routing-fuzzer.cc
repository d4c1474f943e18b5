// Fuzzes Host-header routing (control/routing.h): any bytes a client sends as Host map to
// at most one worker name, and that name is what the rule says it is.

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "control/routing.h"

namespace {

void check(bool ok, const char* what, kj::StringPtr host) {
  if (!ok) {
    fprintf(stderr, "routing-fuzzer: %s (host of %zu bytes)\n", what, host.size());
    abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A header value never holds NUL, CR or LF (KJ's parser stops there), but routing must
  // not depend on that: take the bytes as they come.
  auto host = kj::heapString(reinterpret_cast<const char*>(data), size);
  KJ_IF_MAYBE(name, shoal::workerFromHost(host)) {
    check(name->size() > 0, "empty worker name", host);
    for (char c: host) check(c != ',' && c != ' ' && c != '\t', "a malformed host routed", host);
    check(name->size() < host.size(), "name is not shorter than the host", host);
    check(host[name->size()] == '.', "name does not end at the first dot", host);
    for (size_t i = 0; i < name->size(); i++) {
      char c = (*name)[i];
      check(c != '.', "dot in the name", host);
      check(!isupper(static_cast<unsigned char>(c)), "upper case in the name", host);
      check(tolower(static_cast<unsigned char>(host[i])) == static_cast<unsigned char>(c),
            "name is not the lowercased first label", host);
    }
    // Routing is case-insensitive and ignores everything after the first dot.
    auto upper = kj::heapString(host);
    for (auto& c: upper) c = toupper(static_cast<unsigned char>(c));
    KJ_IF_MAYBE(again, shoal::workerFromHost(upper)) {
      check(*again == *name, "routing depends on case", host);
    } else {
      check(false, "upper-cased host routes nowhere", host);
    }
  } else {
    bool malformed = false;
    for (char c: host) malformed = malformed || c == ',' || c == ' ' || c == '\t';
    KJ_IF_MAYBE(dot, host.findFirst('.')) {
      check(*dot == 0 || malformed, "a well-formed host with a first label routes nowhere",
            host);
    }
  }
  return 0;
}
