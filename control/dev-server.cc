#include "control/dev-server.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <kj/compat/url.h>
#include <kj/debug.h>
#include <kj/encoding.h>
#include <kj/filesystem.h>
#include <kj/map.h>

#include "control/bridge.h"
#include "control/bundler.h"
#include "control/coalescing-stream.h"
#include "control/file-watcher.h"
#include "control/host-pool.h"
#include "control/module-files.h"
#include "control/subrequests.h"
#include "control/upload.h"
#include "control/websocket-relay.h"
#include "control/wrangler-config.h"
#include "runtime/idle-flush.h"
#include "runtime/isolate-host.h"

namespace shoal {

namespace {

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

// A snapshot of the worker's files, as one version.
struct DevVersion {
  kj::String mainModule;
  kj::Vector<ModuleFile> modules;
};

// The dev server is the front end of a platform with one worker and one host, held
// in-process: the same capability `shoal serve` reaches over a socket.
class DevServer final : public kj::HttpService, public VersionSource {
 public:
  DevServer(V8System& system, kj::AsyncIoContext& io, DevOptions options)
      : io(io),
        timer(io.provider->getTimer()),
        options(kj::mv(options)),
        watcher(io.unixEventPort),
        gates(io, nullptr),
        hosts(io, *this, [&]() {
          HostPoolOptions pool;
          pool.inProcessHost = rpc::IsolateHost::Client(newIsolateHost(
              system, timer, {kj::heapString(this->options.persistFolder), false}));
          return pool;
        }()) {
    auto& path = this->options.path;
    if (isDirectory(path)) {
      root = kj::heapString(path.endsWith("/") ? path.slice(0, path.size() - 1) : path);
      readFolderManifest();
      if (mainModule == nullptr) {
        KJ_IF_MAYBE(found, findMainModule(root)) mainModule = kj::mv(*found);
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
  }

  kj::Promise<void> run() {
    return load()
        .then([this]() {
          return io.provider->getNetwork().parseAddress(options.listenAddress, options.port);
        })
        .then([this](kj::Own<kj::NetworkAddress> address) {
          listener = address->listen();
          printf("shoal dev: %s ready on http://localhost:%u/\n", name.cStr(),
                 listener->getPort());
          if (crons.size() > 0) {
            printf("shoal dev: cron triggers do not run on their own here; fire one with "
                   "curl 'http://localhost:%u/__scheduled?cron=%s'\n",
                   listener->getPort(), kj::encodeUriComponent(crons[0]).cStr());
          }
          fflush(stdout);
          server = kj::heap<kj::HttpServer>(timer, headerTable, *this);
          return listenHttpCoalesced(*server, *listener).exclusiveJoin(reloadLoop());
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
          logFlush.schedule();
        });
  }

  kj::Maybe<rpc::Subrequests::Client> fillVersion(kj::StringPtr worker, kj::StringPtr versionId,
                                                  rpc::WorkerVersion::Builder out) override {
    KJ_IF_MAYBE(version, versions.find(versionId)) {
      out.setWorker(worker);
      out.setVersion(versionId);
      out.setMainModule(version->mainModule);
      out.setDisplayPrefix(root == "." ? kj::str("") : kj::str(root, "/"));
      auto modules = out.initModules(version->modules.size());
      for (auto i: kj::indices(version->modules)) {
        modules[i].setPath(version->modules[i].path);
        modules[i].setSource(version->modules[i].source);
      }
      auto vars = out.initVars(options.vars.size());
      for (auto i: kj::indices(options.vars)) {
        vars[i].setName(options.vars[i].name);
        vars[i].setValue(options.vars[i].value);
      }
      auto sessions = out.initSessions(options.sessions.size());
      for (auto i: kj::indices(options.sessions)) {
        sessions[i].setBinding(options.sessions[i].name);
        sessions[i].setClassName(options.sessions[i].className);
      }
      auto services = out.initServices(serviceBindings.size());
      for (auto i: kj::indices(serviceBindings)) {
        services[i].setBinding(serviceBindings[i].binding);
        services[i].setService(serviceBindings[i].service);
      }
      auto loaders = out.initLoaders(options.loaders.size());
      for (auto i: kj::indices(options.loaders)) loaders.set(i, options.loaders[i]);
      auto limits = out.initLimits();
      limits.setCpuPerEventMs(options.limits.cpuPerEvent / kj::MILLISECONDS);
      limits.setCpuStartupMs(options.limits.cpuStartup / kj::MILLISECONDS);
      limits.setHeapMib(options.limits.heapBytes >> 20);
      limits.setSubrequests(options.limits.subrequestsPerRequest);
      limits.setWallPerRequestMs(options.limits.wallPerRequest / kj::MILLISECONDS);
      limits.setTimersPerEvent(options.limits.timersPerEvent);
      limits.setConsoleKibPerEvent(options.limits.consoleBytesPerEvent >> 10);
      limits.setConcurrentRequests(options.limits.concurrentRequests);
      return gateFor(worker);
    }
    return nullptr;
  }

  // The developer is the operator here: an address named in the allowlist may be private
  // (a database or API on localhost, say).
  rpc::Subrequests::Client gateFor(kj::StringPtr worker) {
    SubrequestGrants grants;
    grants.worker = kj::str(worker);
    for (auto& entry: options.outboundAllow) grants.allow.add(kj::heapString(entry));
    for (auto& service: serviceBindings) {
      grants.services.add(
          ServiceBinding{kj::heapString(service.binding), kj::heapString(service.service)});
    }
    grants.privateAddresses = true;
    return gates.gateFor(kj::mv(grants));
  }

 private:
  kj::AsyncIoContext& io;
  kj::Timer& timer;  // for the server: event loop time
  const kj::MonotonicClock& clock = kj::systemPreciseMonotonicClock();  // for the logs
  IdleFlush logFlush{stdout};  // a line per request: one write for many under load
  DevOptions options;
  FileWatcher watcher;
  SubrequestGates gates;  // before `hosts`: the loaded version holds a gate
  HostPool hosts;
  kj::HttpHeaderTable headerTable;
  kj::Own<kj::ConnectionReceiver> listener;
  kj::Own<kj::HttpServer> server;
  kj::String root;
  kj::String mainModule;
  kj::String name;
  kj::HashMap<kj::String, DevVersion> versions;  // by id: the live one, and the one loading
  kj::Maybe<kj::String> live;                    // nullptr while the files do not load
  kj::String loadError;                          // why, when `live` is null
  // From shoal.json: env.<binding> exists, and says it needs `shoal serve` when called.
  kj::Vector<ServiceBinding> serviceBindings;
  kj::Vector<kj::String> crons;  // from shoal.json: fired by hand only, at /__scheduled
  unsigned nextVersion = 1;

  // A folder's shoal.json (as `shoal deploy` reads it) adds its main module, vars and
  // session bindings to those given on the command line.
  void readFolderManifest() {
    auto json = kj::str("{}");
    kj::String from;  // which files it came from, for errors
    KJ_IF_MAYBE(project, readWranglerProject(root)) {
      for (auto& warning: project->warnings) fprintf(stderr, "shoal dev: %s\n", warning.cStr());
      if (options.name.size() == 0) {
        KJ_IF_MAYBE(projectName, project->name) options.name = kj::heapString(*projectName);
      }
      json = kj::mv(project->manifest);
      from = kj::mv(project->configFile);
    }
    auto manifestPath = kj::str(root, "/shoal.json");
    if (isFile(manifestPath)) {
      auto fs = kj::newDiskFilesystem();
      auto text = fs->getRoot().openFile(fs->getCurrentPath().evalNative(manifestPath))
                      ->readAllText();
      json = mergeManifests(json, text);
      from = from.size() > 0 ? kj::str(from, " with shoal.json") : kj::str("shoal.json");
    }
    if (from.size() == 0) return;
    Upload manifest;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() { readManifest(json, manifest); })) {
      kj::throwFatalException(kj::Exception(
          kj::Exception::Type::FAILED, __FILE__, __LINE__,
          kj::str(from, " is not a valid manifest: ", exception->getDescription())));
    }
    if (manifest.mainModule != nullptr) mainModule = kj::mv(manifest.mainModule);
    for (auto& var: manifest.vars) {
      options.vars.add(HttpHeader{kj::mv(var.name), kj::mv(var.value)});
    }
    for (auto& session: manifest.sessions) {
      options.sessions.add(SessionBinding{kj::mv(session.binding), kj::mv(session.className)});
    }
    if (manifest.limits.cpuMs != 0) {
      options.limits.cpuPerEvent = manifest.limits.cpuMs * kj::MILLISECONDS;
    }
    if (manifest.limits.memoryMib != 0) {
      options.limits.heapBytes = size_t(manifest.limits.memoryMib) << 20;
    }
    if (manifest.limits.wallMs != 0) {
      options.limits.wallPerRequest = manifest.limits.wallMs * kj::MILLISECONDS;
    }
    if (manifest.limits.startupCpuMs != 0) {
      options.limits.cpuStartup = manifest.limits.startupCpuMs * kj::MILLISECONDS;
    }
    if (manifest.limits.timers != 0) options.limits.timersPerEvent = manifest.limits.timers;
    if (manifest.limits.consoleKib != 0) {
      options.limits.consoleBytesPerEvent = size_t(manifest.limits.consoleKib) << 10;
    }
    if (manifest.limits.concurrency != 0) {
      options.limits.concurrentRequests = manifest.limits.concurrency;
    }
    if (manifest.limits.subrequests != 0) {
      options.limits.subrequestsPerRequest = manifest.limits.subrequests;
    }
    for (auto& entry: manifest.outboundAllow) options.outboundAllow.add(kj::mv(entry));
    serviceBindings = kj::mv(manifest.services);
    crons = kj::mv(manifest.crons);
    for (auto& loader: manifest.loaders) options.loaders.add(kj::mv(loader));
  }

  kj::Promise<unsigned> runScheduled(kj::StringPtr version, kj::String cron, Response& response) {
    auto nowMs = double((kj::systemPreciseCalendarClock().now() - kj::UNIX_EPOCH) /
                        kj::MILLISECONDS);
    return hosts.scheduled(name, version, cron, nowMs)
        .then([this, &response, cron = kj::mv(cron)](kj::String error) {
          unsigned status = error.size() == 0 ? 200 : 500;
          auto text = error.size() == 0 ? kj::str("Ran scheduled event \"", cron, "\"\n")
                                        : kj::str("The scheduled event failed: ", error, "\n");
          return sendText(response, headerTable, status, "text/plain;charset=UTF-8",
                          kj::mv(text))
              .then([status]() { return status; });
        });
  }

  // Reads the files again and loads them as a new version. On failure the error is
  // printed and kept, and requests answer 500 with it until the files are fixed.
  kj::Promise<void> load() {
    auto id = kj::str("dev-", nextVersion++);
    kj::Vector<kj::String> watched;
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      DevVersion version;
      if (needsBundling(root, mainModule)) {
        // npm imports or TypeScript: one module made by esbuild, rebuilt when any of its
        // inputs changes.
        auto bundle = bundleWorker(root, mainModule);
        version.mainModule = bundleModulePath(mainModule);
        version.modules.add(ModuleFile{kj::heapString(version.mainModule), kj::mv(bundle.code)});
        version.modules.add(
            ModuleFile{kj::str(version.mainModule, ".map"), kj::mv(bundle.sourceMap)});
        for (auto& input: bundle.inputs) watched.add(kj::mv(input));
      } else {
        version = DevVersion{kj::heapString(mainModule), readModuleFolder(root)};
        for (auto& module: version.modules) watched.add(kj::str(root, "/", module.path));
      }
      versions.insert(kj::heapString(id), kj::mv(version));
    })) {
      return loaded(kj::mv(id), kj::str(exception->getDescription()));
    }
    // A missing main module is still watched, so creating it is seen.
    watched.add(kj::str(root, "/", mainModule));
    watcher.watch(watched);
    return hosts.tryLoad(name, id).then([this, id = kj::heapString(id)](kj::String error) mutable {
      loaded(kj::mv(id), kj::mv(error));
    });
  }

  kj::Promise<void> loaded(kj::String id, kj::String error) {
    auto previous = kj::mv(live);
    if (error.size() > 0) {
      loadError = kj::mv(error);
      versions.erase(id);
      fprintf(stderr, "shoal dev: %s\n", loadError.cStr());
      fflush(stderr);
    } else {
      live = kj::mv(id);
    }
    // Requests running on the previous version finish on it.
    KJ_IF_MAYBE(old, previous) {
      hosts.unload(name, *old);
      versions.erase(*old);
    }
    return kj::READY_NOW;
  }

  kj::Promise<void> reloadLoop() {
    return watcher.nextChange(timer, RELOAD_QUIET).then([this]() {
      auto start = clock.now();
      return load().then([this, start]() {
        if (live != nullptr) {
          printf("shoal dev: reloaded %s in %s\n", name.cStr(),
                 formatDuration(clock.now() - start).cStr());
          fflush(stdout);
        }
        return reloadLoop();
      });
    });
  }

  // The platform's own answer when the worker gave none; logged with the request's id.
  kj::Promise<unsigned> sendFailure(Response& response, unsigned status, kj::StringPtr why,
                                    kj::StringPtr requestId) {
    fprintf(stderr, "[%s] %u (request %s): %s\n", name.cStr(), status, requestId.cStr(),
            why.cStr());
    return sendText(response, headerTable, status, "text/plain;charset=UTF-8",
                    kj::str(why, "\n"), requestId)
        .then([status]() { return status; });
  }

  // Answers one request; resolves to the status sent, for the log line.
  kj::Promise<unsigned> serve(kj::HttpMethod method, kj::StringPtr url,
                              const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                              Response& response) {
    kj::String version;
    KJ_IF_MAYBE(id, live) {
      version = kj::heapString(*id);
    } else {
      return sendText(response, headerTable, 500, "text/plain;charset=UTF-8",
                      kj::str(loadError, "\n"))
          .then([]() { return 500u; });
    }
    auto requestId = newRequestId();
    if (!headersFit(headers, options.limits.requestHeaderBytes)) {
      fprintf(stderr, "[%s] header_size_limit_exceeded (request %s)\n", name.cStr(),
              requestId.cStr());
      return sendHeadersTooLarge(response, headerTable, options.limits.requestHeaderBytes,
                                 requestId)
          .then([]() { return 431u; });
    }
    KJ_IF_MAYBE(parsed, kj::Url::tryParse(url, kj::Url::HTTP_REQUEST)) {
      // As `wrangler dev --test-scheduled`: fire the scheduled() handler by hand.
      auto path = kj::strArray(parsed->path, "/");
      if (path == "__scheduled" || path == "cdn-cgi/handler/scheduled") {
        kj::String cron = crons.size() > 0 ? kj::heapString(crons[0]) : kj::str("* * * * *");
        for (auto& param: parsed->query) {
          if (param.name == "cron") cron = kj::heapString(param.value);
        }
        return runScheduled(version, kj::mv(cron), response);
      }
    }
    auto host = headers.get(kj::HttpHeaderId::HOST).orDefault("localhost");
    auto limit = options.limits.requestBodyBytes;
    kj::Maybe<kj::Own<WebSocketRelay>> relay;
    if (isWebSocketUpgrade(headers)) relay = kj::refcounted<WebSocketRelay>();
    return readHttpRequest(method, kj::str("http://", host, url), headers, body, limit,
                           kj::str(requestId))
        .then([this, &response, version = kj::mv(version), limit, relay = kj::mv(relay),
               requestId = kj::mv(requestId)](
                  kj::Maybe<IncomingRequest> request) mutable -> kj::Promise<unsigned> {
          KJ_IF_MAYBE(r, request) {
            kj::Maybe<rpc::WebSocketPeer::Client> clientSocket;
            KJ_IF_MAYBE(socketRelay, relay) clientSocket = (*socketRelay)->peer();
            return hosts
                .dispatch(name, version, kj::mv(r->request), r->bodyStream, limit,
                          kj::mv(clientSocket))
                .then([this, &response, relay = kj::mv(relay), requestId = kj::mv(requestId)](
                          DispatchOutcome outcome) mutable -> kj::Promise<unsigned> {
                  KJ_IF_MAYBE(socketRelay, relay) {
                    KJ_IF_MAYBE(worker, outcome.webSocket) {
                      // Logged once the socket closes, as 101 and how long it was open.
                      auto& head = KJ_ASSERT_NONNULL(outcome.response);
                      return (*socketRelay)
                          ->run(response, headerTable, head, kj::mv(*worker))
                          .attach(kj::mv(*socketRelay), kj::mv(outcome))
                          .then([]() { return 101u; });
                    }
                  }
                  KJ_IF_MAYBE(result, outcome.response) {
                    unsigned status = result->status;
                    return sendWorkerResponse(response, headerTable, kj::mv(*result),
                                              kj::mv(outcome.bodyStream), requestId)
                        .then([status]() { return status; });
                  }
                  return sendFailure(response, outcome.failureStatus, outcome.failure,
                                     requestId);
                });
          }
          return sendFailure(response, 413, kj::str("request body larger than ", limit, " bytes"),
                             requestId);
        });
  }
};

}  // namespace

kj::Promise<void> runDevServer(V8System& system, kj::AsyncIoContext& io, DevOptions options) {
  auto server = kj::heap<DevServer>(system, io, kj::mv(options));
  auto promise = server->run();
  return promise.attach(kj::mv(server));
}

}  // namespace shoal
