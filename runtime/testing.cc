#include "runtime/testing.h"

#include <kj/debug.h>

#include "runtime/v8-system.h"

namespace shoal {

V8System& testV8System() {
  static V8System system;
  return system;
}

void CapturingLog::console(kj::StringPtr level, kj::StringPtr text) {
  consoleLines.add(kj::str(level, ": ", text));
}

void CapturingLog::uncaught(kj::StringPtr text) { uncaughtReports.add(kj::heapString(text)); }

WorkerConfig TestWorker::defaultConfig() {
  return WorkerConfig{kj::str("test"), kj::str("worker.js"), {}, {}};
}

TestWorker::TestWorker(ModuleSource& modules, WorkerConfig config)
    : io(kj::setupAsyncIo()),
      worker(kj::heap<Worker>(testV8System(), io.provider->getTimer(), modules,
                              kj::mv(config), log)) {}

TestWorker::TestWorker(kj::StringPtr mainSource)
    : io(kj::setupAsyncIo()),
      ownModules(MemoryModuleSource{{"worker.js", mainSource}}),
      worker(kj::heap<Worker>(testV8System(), io.provider->getTimer(),
                              KJ_ASSERT_NONNULL(ownModules), defaultConfig(), log)) {}

WorkerResponse TestWorker::fetch(kj::StringPtr method, kj::StringPtr url,
                                 kj::ArrayPtr<const HttpHeader> headers,
                                 kj::Maybe<kj::StringPtr> body) {
  WorkerRequest request;
  request.method = kj::heapString(method);
  request.url = kj::heapString(url);
  for (auto& header: headers) {
    request.headers.add(HttpHeader{kj::heapString(header.name), kj::heapString(header.value)});
  }
  KJ_IF_MAYBE(text, body) request.body = kj::heapArray(text->asBytes());
  auto response = worker->fetch(kj::mv(request)).wait(io.waitScope);
  // A streaming body is read to its end here; if it fails, the body says so.
  KJ_IF_MAYBE(stream, response.bodyStream) {
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      response.body = (*stream)->readAllBytes().wait(io.waitScope);
    })) {
      response.body = kj::heapArray(
          kj::str("(body stream failed: ", exception->getDescription(), ")").asBytes());
    }
    response.bodyStream = nullptr;
  }
  return response;
}

kj::String TestWorker::bodyText(const WorkerResponse& response) {
  return kj::heapString(response.body.asChars());
}

}  // namespace shoal
