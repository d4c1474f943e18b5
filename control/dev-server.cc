#include "control/dev-server.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <kj/compat/http.h>
#include <kj/debug.h>
#include <kj/filesystem.h>

#include "control/file-watcher.h"
#include "runtime/v8-system.h"

namespace shoal {

namespace {

// Files tried, in order, when `shoal dev` is given a folder.
constexpr const char* MAIN_MODULE_CANDIDATES[] = {"index.js", "worker.js", "src/index.js",
                                                  "index.mjs", "main.js"};

// Editors write a file in several steps; reload once they have been quiet this long.
constexpr kj::Duration RELOAD_QUIET = 20 * kj::MILLISECONDS;

bool isDirectory(kj::StringPtr path) {
  struct stat info;
  return stat(path.cStr(), &info) == 0 && S_ISDIR(info.st_mode);
}

bool isFile(kj::StringPtr path) {
  struct stat info;
  return stat(path.cStr(), &info) == 0 && S_ISREG(info.st_mode);
}

// Modules read from a folder on disk. Remembers every file it was asked for, found or
// not, so the watcher can wait for a missing import to appear.
class DiskModuleSource final : public ModuleSource {
 public:
  explicit DiskModuleSource(kj::StringPtr root) : root(kj::heapString(root)) {}

  kj::Maybe<kj::String> read(kj::StringPtr path) override {
    auto file = displayName(path);
    requested.add(kj::heapString(file));
    if (!isFile(file)) return nullptr;
    auto fs = kj::newDiskFilesystem();
    return fs->getRoot().openFile(fs->getCurrentPath().evalNative(file))->readAllText();
  }

  kj::String displayName(kj::StringPtr path) override {
    return root == "." ? kj::heapString(path) : kj::str(root, "/", path);
  }

  kj::Vector<kj::String> requested;

 private:
  kj::String root;
};

kj::String formatDuration(kj::Duration duration) {
  char text[32];
  snprintf(text, sizeof(text), "%.2fms", double(duration / kj::NANOSECONDS) / 1e6);
  return kj::str(text);
}

// The file name without folder and extension; "worker"/"index"/"main" name their folder.
kj::String defaultName(kj::StringPtr root, kj::StringPtr mainModule) {
  kj::StringPtr base = mainModule;
  KJ_IF_MAYBE(slash, base.findLast('/')) base = base.slice(*slash + 1);
  kj::String stem = kj::heapString(base);
  KJ_IF_MAYBE(dot, base.findLast('.')) stem = kj::heapString(base.slice(0, *dot));
  if (stem == "worker" || stem == "index" || stem == "main") {
    auto fs = kj::newDiskFilesystem();
    auto absolute = fs->getCurrentPath().evalNative(root);
    if (absolute.size() > 0) return kj::heapString(absolute.basename()[0]);
  }
  return stem;
}

// The worker being served. Shared by the requests running on it, so a reload never
// pulls an isolate out from under a request.
class LiveWorker final : public kj::Refcounted {
 public:
  explicit LiveWorker(kj::Own<Worker> worker) : worker(kj::mv(worker)) {}
  Worker& get() { return *worker; }

 private:
  kj::Own<Worker> worker;
};

class DevServer final : public kj::HttpService, public WorkerLog {
 public:
  DevServer(V8System& system, kj::AsyncIoContext& io, DevOptions options)
      : system(system),
        io(io),
        timer(io.provider->getTimer()),
        options(kj::mv(options)),
        watcher(io.unixEventPort) {
    auto& path = this->options.path;
    if (isDirectory(path)) {
      root = kj::heapString(path.endsWith("/") ? path.slice(0, path.size() - 1) : path);
      for (auto candidate: MAIN_MODULE_CANDIDATES) {
        if (isFile(kj::str(root, "/", candidate))) {
          mainModule = kj::str(candidate);
          break;
        }
      }
      KJ_REQUIRE(mainModule != nullptr, "no main module in the folder: add index.js", path);
    } else {
      KJ_REQUIRE(isFile(path), "no such file or folder", path);
      KJ_IF_MAYBE(slash, path.findLast('/')) {
        root = kj::heapString(path.slice(0, *slash));
        mainModule = kj::heapString(path.slice(*slash + 1));
      } else {
        root = kj::str(".");
        mainModule = kj::heapString(path);
      }
    }
    name = this->options.name.size() > 0 ? kj::heapString(this->options.name)
                                          : defaultName(root, mainModule);
    load();
  }

  kj::Promise<void> run() {
    return io.provider->getNetwork()
        .parseAddress(options.listenAddress, options.port)
        .then([this](kj::Own<kj::NetworkAddress> address) {
          listener = address->listen();
          printf("shoal dev: %s ready on http://localhost:%u/\n", name.cStr(),
                 listener->getPort());
          fflush(stdout);
          server = kj::heap<kj::HttpServer>(timer, headerTable, *this);
          return server->listenHttp(*listener).exclusiveJoin(reloadLoop());
        });
  }

  kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url,
                            const kj::HttpHeaders& headers, kj::AsyncInputStream& requestBody,
                            Response& response) override {
    auto start = clock.now();
    auto line = kj::str(method, " ", url);
    return serve(method, url, headers, requestBody, response)
        .then([this, start, line = kj::mv(line)](unsigned status) {
          printf("%s %u %s\n", line.cStr(), status, formatDuration(clock.now() - start).cStr());
          fflush(stdout);
        });
  }

  // WorkerLog
  void console(kj::StringPtr level, kj::StringPtr text) override {
    auto stream = level == "error" || level == "warn" ? stderr : stdout;
    fprintf(stream, "[%s] %s\n", name.cStr(), text.cStr());
    fflush(stream);
  }

  void uncaught(kj::StringPtr text) override {
    fprintf(stderr, "[%s] uncaught %s\n", name.cStr(), text.cStr());
    fflush(stderr);
  }

 private:
  V8System& system;
  kj::AsyncIoContext& io;
  kj::Timer& timer;  // for the worker and the server: event loop time
  const kj::MonotonicClock& clock = kj::systemPreciseMonotonicClock();  // for the logs
  DevOptions options;
  FileWatcher watcher;
  kj::HttpHeaderTable headerTable;
  kj::String root;
  kj::String mainModule;
  kj::String name;
  kj::Own<kj::ConnectionReceiver> listener;
  kj::Own<kj::HttpServer> server;
  kj::Maybe<kj::Own<LiveWorker>> worker;
  kj::String loadError;  // why the current files do not load, when `worker` is null

  // (Re)builds the worker from disk. On failure the error is printed and kept, and
  // requests answer 500 with it until the files are fixed.
  void load() {
    DiskModuleSource source(root);
    WorkerConfig config{kj::heapString(name), kj::heapString(mainModule), {}, options.limits};
    for (auto& var: options.vars) {
      config.vars.add(HttpHeader{kj::heapString(var.name), kj::heapString(var.value)});
    }
    worker = nullptr;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      worker = kj::refcounted<LiveWorker>(
          kj::heap<Worker>(system, timer, source, kj::mv(config), *this));
    })) {
      loadError = kj::str(exception->getDescription());
      fprintf(stderr, "shoal dev: %s\n", loadError.cStr());
      fflush(stderr);
    }
    watcher.watch(source.requested);
  }

  kj::Promise<void> reloadLoop() {
    return watcher.nextChange(timer, RELOAD_QUIET).then([this]() {
      auto start = clock.now();
      load();
      if (worker != nullptr) {
        printf("shoal dev: reloaded %s in %s\n", name.cStr(),
               formatDuration(clock.now() - start).cStr());
        fflush(stdout);
      }
      return reloadLoop();
    });
  }

  // Answers one request; resolves to the status sent, for the log line.
  kj::Promise<unsigned> serve(kj::HttpMethod method, kj::StringPtr url,
                          const kj::HttpHeaders& headers, kj::AsyncInputStream& requestBody,
                          Response& response) {
    KJ_IF_MAYBE(w, worker) {
      if ((*w)->get().isBroken()) load();
    }
    if (worker == nullptr) return sendText(response, 500, kj::str(loadError, "\n"));

    WorkerRequest request;
    request.method = kj::str(method);
    KJ_IF_MAYBE(host, headers.get(kj::HttpHeaderId::HOST)) {
      request.url = kj::str("http://", *host, url);
    } else {
      request.url = kj::str("http://localhost", url);
    }
    headers.forEach([&](kj::StringPtr name, kj::StringPtr value) {
      request.headers.add(HttpHeader{kj::heapString(name), kj::heapString(value)});
    });

    auto limit = options.limits.requestBodyBytes;
    auto length = requestBody.tryGetLength();
    if (length.orDefault(0) > limit) return bodyTooLarge(response);
    bool mayHaveBody = method != kj::HttpMethod::GET && method != kj::HttpMethod::HEAD;

    // One byte past the limit tells a too-large chunked body from one that fits. The
    // worker is held for the whole request: a reload meanwhile lets it finish on the old
    // version.
    return requestBody.readAllBytes(limit + 1)
        .then([this, &response, request = kj::mv(request), limit, mayHaveBody,
               current = kj::addRef(*KJ_ASSERT_NONNULL(worker))](
                  kj::Array<kj::byte> body) mutable -> kj::Promise<unsigned> {
          if (body.size() > limit) return bodyTooLarge(response);
          if (body.size() > 0 || mayHaveBody) request.body = kj::mv(body);
          auto& w = current->get();
          return w.fetch(kj::mv(request))
              .then([this, &response](WorkerResponse result) {
                return sendResponse(response, kj::mv(result));
              })
              .attach(kj::mv(current));
        });
  }

  kj::Promise<unsigned> sendResponse(Response& response, WorkerResponse result) {
    kj::HttpHeaders outHeaders(headerTable);
    for (auto& header: result.headers) {
      outHeaders.add(kj::mv(header.name), kj::mv(header.value));
    }
    auto stream = response.send(result.status, result.statusText, outHeaders,
                                uint64_t(result.body.size()));
    auto promise = stream->write(result.body.begin(), result.body.size());
    unsigned status = result.status;
    return promise.attach(kj::mv(stream), kj::mv(result)).then([status]() { return status; });
  }

  kj::Promise<unsigned> bodyTooLarge(Response& response) {
    return sendText(response, 413,
                    kj::str("request body larger than ", options.limits.requestBodyBytes,
                            " bytes\n"));
  }

  kj::Promise<unsigned> sendText(Response& response, unsigned status, kj::String text) {
    kj::HttpHeaders outHeaders(headerTable);
    outHeaders.set(kj::HttpHeaderId::CONTENT_TYPE, "text/plain;charset=UTF-8");
    auto stream = response.send(status, statusText(status), outHeaders, uint64_t(text.size()));
    auto promise = stream->write(text.begin(), text.size());
    return promise.attach(kj::mv(stream), kj::mv(text)).then([status]() { return status; });
  }

  static kj::StringPtr statusText(unsigned status) {
    switch (status) {
      case 413: return "Payload Too Large";
      case 500: return "Internal Server Error";
      default: return "";
    }
  }
};

}  // namespace

kj::Promise<void> runDevServer(V8System& system, kj::AsyncIoContext& io, DevOptions options) {
  auto server = kj::heap<DevServer>(system, io, kj::mv(options));
  auto promise = server->run();
  return promise.attach(kj::mv(server));
}

}  // namespace shoal
