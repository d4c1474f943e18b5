#include "control/control-client.h"

#include <sys/stat.h>

#include <cstdio>

#include <kj/compat/http.h>
#include <kj/debug.h>
#include <kj/filesystem.h>

#include "control/bundler.h"
#include "control/json.h"
#include "control/module-files.h"
#include "control/upload.h"
#include "control/wrangler-config.h"

namespace shoal {

namespace {

kj::String readWholeFile(kj::StringPtr path) {
  auto fs = kj::newDiskFilesystem();
  return fs->getRoot().openFile(fs->getCurrentPath().evalNative(path))->readAllText();
}

}  // namespace

kj::Array<kj::byte> buildUpload(kj::StringPtr path, kj::String& contentType,
                                kj::Maybe<kj::String>& projectName) {
  struct stat info;
  KJ_REQUIRE(stat(path.cStr(), &info) == 0, "no such file or folder", path);
  if (!S_ISDIR(info.st_mode)) {
    contentType = kj::str("application/javascript");
    return kj::heapArray(readWholeFile(path).asBytes());
  }
  kj::Maybe<kj::String> metadata;
  KJ_IF_MAYBE(project, readWranglerProject(path)) {
    for (auto& warning: project->warnings) fprintf(stderr, "shoal deploy: %s\n", warning.cStr());
    projectName = kj::mv(project->name);
    metadata = kj::mv(project->manifest);
  }
  auto metadataPath = kj::str(path, "/shoal.json");
  if (stat(metadataPath.cStr(), &info) == 0) {
    auto own = readWholeFile(metadataPath);
    KJ_IF_MAYBE(base, metadata) {
      metadata = mergeManifests(*base, own);
    } else {
      metadata = kj::mv(own);
    }
  }

  // The entry module: the metadata's, else the first default that exists.
  kj::String mainModule;
  KJ_IF_MAYBE(json, metadata) {
    capnp::MallocMessageBuilder message;
    KJ_IF_MAYBE(field, jsonField(parseJson(json->asArray(), message), "main_module")) {
      KJ_IF_MAYBE(text, jsonString(*field)) mainModule = kj::heapString(*text);
    }
  }
  if (mainModule == nullptr) {
    KJ_IF_MAYBE(found, findMainModule(path)) mainModule = kj::mv(*found);
  }
  kj::Vector<ModuleFile> modules;
  if (mainModule != nullptr && needsBundling(path, mainModule)) {
    // Uploaded as the one module esbuild made: hosts run plain modules only.
    auto bundled = bundleModulePath(mainModule);
    auto bundle = bundleWorker(path, mainModule);
    modules.add(ModuleFile{kj::heapString(bundled), kj::mv(bundle.code)});
    // Its source map rides along as a module of its own: errors name the original files.
    modules.add(ModuleFile{kj::str(bundled, ".map"), kj::mv(bundle.sourceMap)});
    auto main = kj::str("{\"main_module\":", jsonQuote(bundled), "}");
    KJ_IF_MAYBE(json, metadata) {
      metadata = mergeManifests(*json, main);
    } else {
      metadata = kj::mv(main);
    }
  } else {
    modules = readModuleFolder(path);
  }
  KJ_REQUIRE(!modules.empty(), "no .js or .mjs files in the folder", path);

  // A boundary that no file contains.
  kj::String boundary = kj::str("shoal-upload-boundary-", info.st_mtime);
  contentType = kj::str("multipart/form-data; boundary=", boundary);
  kj::Vector<kj::String> parts;
  KJ_IF_MAYBE(json, metadata) {
    parts.add(kj::str("--", boundary,
                      "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                      "Content-Type: application/json\r\n\r\n",
                      *json, "\r\n"));
  }
  for (auto& module: modules) {
    parts.add(kj::str("--", boundary, "\r\nContent-Disposition: form-data; name=\"",
                      module.path, "\"; filename=\"", module.path,
                      "\"\r\nContent-Type: application/javascript+module\r\n\r\n",
                      module.source, "\r\n"));
  }
  parts.add(kj::str("--", boundary, "--\r\n"));
  return kj::heapArray(kj::strArray(parts, "").asBytes());
}

kj::String buildRunTask(kj::StringPtr path, kj::Maybe<kj::StringPtr> inputJson) {
  struct stat info;
  KJ_REQUIRE(stat(path.cStr(), &info) == 0, "no such file or folder", path);
  kj::Vector<ModuleFile> modules;
  kj::String mainModule;
  if (S_ISDIR(info.st_mode)) {
    modules = readModuleFolder(path);
    auto metadataPath = kj::str(path, "/shoal.json");
    if (stat(metadataPath.cStr(), &info) == 0) {
      auto text = readWholeFile(metadataPath);
      capnp::MallocMessageBuilder message;
      KJ_IF_MAYBE(field, jsonField(parseJson(text.asArray(), message), "main_module")) {
        KJ_IF_MAYBE(name, jsonString(*field)) mainModule = kj::heapString(*name);
      }
    }
    if (mainModule == nullptr) {
      KJ_IF_MAYBE(found, findMainModule(path)) mainModule = kj::mv(*found);
    }
    KJ_REQUIRE(mainModule != nullptr,
               "no main module in the folder: name it in shoal.json's main_module, or call it "
               "index.js",
               path);
  } else {
    KJ_IF_MAYBE(slash, path.findLast('/')) {
      mainModule = kj::heapString(path.slice(*slash + 1));
    } else {
      mainModule = kj::heapString(path);
    }
    modules.add(ModuleFile{kj::heapString(mainModule), readWholeFile(path)});
  }
  kj::Vector<kj::String> members;
  for (auto& module: modules) {
    members.add(kj::str(jsonQuote(module.path), ":", jsonQuote(module.source)));
  }
  auto task = kj::str("{\"mainModule\":", jsonQuote(mainModule), ",\"modules\":{",
                      kj::strArray(members, ","), "}");
  KJ_IF_MAYBE(input, inputJson) {
    capnp::MallocMessageBuilder message;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() { parseJson(*input, message); })) {
      KJ_FAIL_REQUIRE("--input is not JSON", exception->getDescription());
    }
    task = kj::str(task, ",\"input\":", *input);
  }
  return kj::str(task, "}");
}

ControlReply callControlApi(kj::AsyncIoContext& io, const ControlTarget& target,
                            kj::StringPtr method, kj::StringPtr path, kj::StringPtr contentType,
                            kj::ArrayPtr<const kj::byte> body) {
  kj::HttpHeaderTable table;
  auto client = kj::newHttpClient(io.provider->getTimer(), table, io.provider->getNetwork(),
                                  nullptr);
  kj::HttpHeaders headers(table);
  if (target.token.size() > 0) headers.add("Authorization", kj::str("Bearer ", target.token));
  if (contentType.size() > 0) headers.set(kj::HttpHeaderId::CONTENT_TYPE, contentType);
  auto url = kj::str(target.url, path);
  auto httpMethod = KJ_ASSERT_NONNULL(kj::tryParseHttpMethod(method));

  ControlReply reply;
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
    auto request = client->request(httpMethod, url, headers, uint64_t(body.size()));
    if (body.size() > 0) request.body->write(body.begin(), body.size()).wait(io.waitScope);
    request.body = nullptr;
    auto response = request.response.wait(io.waitScope);
    reply.status = response.statusCode;
    reply.body = response.body->readAllText().wait(io.waitScope);
  })) {
    KJ_FAIL_REQUIRE("cannot reach the control API; is `shoal serve` running there?",
                    target.url, exception->getDescription());
  }
  return reply;
}

}  // namespace shoal
