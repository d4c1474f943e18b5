// The `shoal` command line: wires the parts together, nothing more.

#include <cstdlib>

#include <kj/async-io.h>
#include <kj/main.h>

#include "control/dev-server.h"
#include "runtime/v8-system.h"

namespace shoal {

namespace {

// A whole decimal number, or nullptr.
kj::Maybe<unsigned long> parseUnsigned(kj::StringPtr text) {
  if (text.size() == 0 || text.size() > 9) return nullptr;
  for (char c: text) {
    if (c < '0' || c > '9') return nullptr;
  }
  return strtoul(text.cStr(), nullptr, 10);
}

}  // namespace

class ShoalMain {
 public:
  explicit ShoalMain(kj::ProcessContext& context) : context(context) {}

  kj::MainFunc getMain() {
    return kj::MainBuilder(context, "shoal (development build)",
                           "An edge-style serverless platform: JavaScript workers, each in "
                           "its own V8 isolate.")
        .addSubCommand("dev", KJ_BIND_METHOD(*this, getDevMain),
                       "serve one worker from local files, reloading on change")
        .build();
  }

 private:
  kj::ProcessContext& context;
  DevOptions dev;

  kj::MainFunc getDevMain() {
    return kj::MainBuilder(
               context, "shoal dev",
               "Serves the worker in FILE (or the folder DIR, whose index.js, worker.js or "
               "src/index.js is the main module) on http://localhost:8787. The worker is "
               "an ES module with `export default { async fetch(request, env, ctx) {...} }` "
               "(or uses addEventListener(\"fetch\", ...)); it may import its own files by "
               "relative path. Every request goes to the worker and is logged as one line: "
               "method, path, status, time. The worker's console output is printed with its "
               "name. When a file the worker loaded changes, the worker reloads and the next "
               "request sees the new code; if the new code does not load, requests get a 500 naming "
               "file:line:col until it is fixed.")
        .addOptionWithArg({'p', "port"}, KJ_BIND_METHOD(*this, setPort), "<port>",
                          "listen on <port> (default 8787; 0 picks a free one)")
        .addOptionWithArg({"listen"}, KJ_BIND_METHOD(*this, setListen), "<address>",
                          "listen on <address> (default 127.0.0.1)")
        .addOptionWithArg({"name"}, KJ_BIND_METHOD(*this, setName), "<name>",
                          "the worker's name in logs (default: from the file or folder)")
        .addOptionWithArg({"var"}, KJ_BIND_METHOD(*this, addVar), "<key>=<value>",
                          "a text binding: env.<key> is \"<value>\" (repeatable)")
        .addOptionWithArg({"cpu-limit-ms"}, KJ_BIND_METHOD(*this, setCpuLimit), "<ms>",
                          "CPU time per request (per event) before the worker is stopped "
                          "(default 50)")
        .addOptionWithArg({"heap-limit-mib"}, KJ_BIND_METHOD(*this, setHeapLimit), "<mib>",
                          "the isolate's heap limit (default 128)")
        .expectArg("FILE|DIR", KJ_BIND_METHOD(*this, setPath))
        .callAfterParsing(KJ_BIND_METHOD(*this, runDev))
        .build();
  }

  kj::MainBuilder::Validity setPort(kj::StringPtr text) {
    KJ_IF_MAYBE(port, parseUnsigned(text)) {
      if (*port <= 65535) {
        dev.port = *port;
        return true;
      }
    }
    return "not a port number";
  }

  kj::MainBuilder::Validity setListen(kj::StringPtr text) {
    dev.listenAddress = kj::heapString(text);
    return true;
  }

  kj::MainBuilder::Validity setName(kj::StringPtr text) {
    dev.name = kj::heapString(text);
    return true;
  }

  kj::MainBuilder::Validity addVar(kj::StringPtr text) {
    KJ_IF_MAYBE(equals, text.findFirst('=')) {
      if (*equals == 0) return "the key is empty: use --var KEY=VALUE";
      dev.vars.add(HttpHeader{kj::heapString(text.slice(0, *equals)),
                              kj::heapString(text.slice(*equals + 1))});
      return true;
    }
    return "expected KEY=VALUE";
  }

  kj::MainBuilder::Validity setCpuLimit(kj::StringPtr text) {
    KJ_IF_MAYBE(ms, parseUnsigned(text)) {
      if (*ms >= 1) {
        dev.limits.cpuPerEvent = *ms * kj::MILLISECONDS;
        return true;
      }
    }
    return "expected a number of milliseconds, at least 1";
  }

  kj::MainBuilder::Validity setHeapLimit(kj::StringPtr text) {
    KJ_IF_MAYBE(mib, parseUnsigned(text)) {
      if (*mib >= 8) {
        dev.limits.heapBytes = size_t(*mib) << 20;
        return true;
      }
    }
    return "expected a number of MiB, at least 8";
  }

  kj::MainBuilder::Validity setPath(kj::StringPtr text) {
    dev.path = kj::heapString(text);
    return true;
  }

  kj::MainBuilder::Validity runDev() {
    V8System system;
    auto io = kj::setupAsyncIo();
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      runDevServer(system, io, kj::mv(dev)).wait(io.waitScope);
    })) {
      context.exitError(kj::str("shoal dev: ", exception->getDescription()));
    }
    return true;
  }
};

}  // namespace shoal

KJ_MAIN(shoal::ShoalMain)
