#include "control/front-end.h"

#include <fcntl.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <kj/compat/http.h>
#include <kj/debug.h>
#include <kj/encoding.h>
#include <kj/filesystem.h>
#include <kj/map.h>

#include "control/bridge.h"
#include "control/coalescing-stream.h"
#include "control/cron.h"
#include "control/host-pool.h"
#include "control/json.h"
#include "control/routing.h"
#include "control/session-files.h"
#include "control/subrequests.h"
#include "control/upload.h"
#include "control/websocket-relay.h"
#include "runtime/utf8.h"
#include "storage/code-store.h"

namespace shoal {

namespace {

struct HttpError {
  unsigned status;
  kj::String message;
};

[[noreturn]] void fail(unsigned status, kj::String message) {
  throw HttpError{status, kj::mv(message)};
}

kj::String dropQuery(kj::StringPtr url) {
  KJ_IF_MAYBE(question, url.findFirst('?')) return kj::heapString(url.slice(0, *question));
  return kj::heapString(url);
}

// "/workers/hello/rollback" -> ["workers", "hello", "rollback"], percent-decoded.
kj::Vector<kj::String> pathSegments(kj::StringPtr url) {
  kj::Vector<kj::String> segments;
  auto path = dropQuery(url);
  kj::StringPtr rest = path;
  while (rest.size() > 0) {
    if (rest.startsWith("/")) {
      rest = rest.slice(1);
      continue;
    }
    size_t end = rest.size();
    KJ_IF_MAYBE(slash, rest.findFirst('/')) end = *slash;
    auto decoded = kj::decodeUriComponent(rest.slice(0, end));
    segments.add(kj::mv(decoded));
    rest = rest.slice(end);
  }
  return segments;
}

kj::Maybe<kj::String> queryParameter(kj::StringPtr url, kj::StringPtr name) {
  KJ_IF_MAYBE(question, url.findFirst('?')) {
    auto query = kj::heapString(url.slice(*question + 1));
    for (kj::StringPtr rest = query; rest.size() > 0;) {
      size_t end = rest.size();
      KJ_IF_MAYBE(amp, rest.findFirst('&')) end = *amp;
      auto pair = kj::heapString(rest.slice(0, end));
      KJ_IF_MAYBE(equals, pair.findFirst('=')) {
        if (kj::heapString(pair.slice(0, *equals)) == name) {
          return kj::decodeWwwForm(pair.slice(*equals + 1));
        }
      }
      rest = end < rest.size() ? rest.slice(end + 1) : kj::StringPtr("");
    }
  }
  return nullptr;
}

kj::String isoTime(int64_t unixMs) {
  time_t seconds = unixMs / 1000;
  struct tm utc;
  gmtime_r(&seconds, &utc);
  char text[32];
  strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return kj::str(text);
}

class FrontEnd final : public VersionSource, public ServiceDirectory {
 public:
  FrontEnd(kj::AsyncIoContext& io, ServeOptions& options, CodeStore& store, HostPoolOptions pool)
      : io(io),
        options(options),
        store(store),
        gates(io, *this),
        hosts(io, *this, kj::mv(pool)),
        invocations(*this),
        control(*this) {
    for (auto& worker: store.listWorkers(nullptr)) {
      live.insert(kj::heapString(worker.name), kj::heapString(worker.liveVersion));
    }
  }

  kj::Promise<void> run() {
    auto& network = io.provider->getNetwork();
    return hosts.start()
        .then([&network, this]() {
          return network.parseAddress(options.listenAddress, options.port);
        })
        .then([&network, this](kj::Own<kj::NetworkAddress> address) {
          invocationListener = address->listen();
          return network.parseAddress(options.listenAddress, options.controlPort);
        })
        .then([this](kj::Own<kj::NetworkAddress> address) {
          controlListener = address->listen();
          printf("shoal serve: workers on http://localhost:%u/ (as NAME.localhost)\n",
                 invocationListener->getPort());
          printf("shoal serve: control API on http://localhost:%u/\n",
                 controlListener->getPort());
          printf("shoal serve: %u isolate hosts, data in %s\n", hosts.size(),
                 store.getPath().cStr());
          fflush(stdout);
          auto& timer = io.provider->getTimer();
          invocationServer = kj::heap<kj::HttpServer>(timer, headerTable, invocations);
          controlServer = kj::heap<kj::HttpServer>(timer, headerTable, control);
          return listenHttpCoalesced(*invocationServer, *invocationListener)
              .exclusiveJoin(controlServer->listenHttp(*controlListener))
              .exclusiveJoin(cronLoop());
        });
  }

  // VersionSource: the code of a stored version, or of an upload being checked.
  kj::Maybe<rpc::Subrequests::Client> fillVersion(kj::StringPtr worker, kj::StringPtr versionId,
                                                  rpc::WorkerVersion::Builder out) override {
    KJ_IF_MAYBE(upload, candidates.find(kj::str(worker, "@", versionId))) {
      fill(worker, versionId, *upload, out);
      return gateFor(worker, *upload);
    }
    KJ_IF_MAYBE(version, store.getVersion(worker, versionId)) {
      fill(worker, versionId, *version, out);
      return gateFor(worker, *version);
    }
    return nullptr;
  }

  kj::Maybe<kj::StringPtr> liveVersion(kj::StringPtr worker) override {
    KJ_IF_MAYBE(version, live.find(worker)) return kj::StringPtr(*version);
    return nullptr;
  }

  template <typename VersionLike>
  rpc::Subrequests::Client gateFor(kj::StringPtr worker, const VersionLike& version) {
    SubrequestGrants grants;
    grants.worker = kj::str(worker);
    grants.privateAddresses = options.allowPrivateOutbound;
    for (auto& entry: version.outboundAllow) grants.allow.add(kj::heapString(entry));
    for (auto& service: version.services) {
      grants.services.add(
          ServiceBinding{kj::heapString(service.binding), kj::heapString(service.service)});
    }
    return gates.gateFor(kj::mv(grants));
  }

  // ServiceDirectory: env.BINDING.fetch() from `caller`, to the live version of `service`.
  kj::Promise<SubrequestOutcome> callService(kj::StringPtr caller, kj::StringPtr service,
                                             WorkerRequest request) override {
    // Another tenant's worker does not exist for this one, as in the control API.
    // TODO(perf): two store reads per service call (each lists versions); a tenant map kept
    // beside `live` would make this free.
    auto from = store.getWorker(caller);
    auto to = store.getWorker(service);
    kj::Maybe<kj::StringPtr> version;
    KJ_IF_MAYBE(f, from) {
      KJ_IF_MAYBE(t, to) {
        if (f->tenantId == t->tenantId) version = live.find(service);
      }
    }
    KJ_IF_MAYBE(v, version) {
      // A body that streams from the caller streams on to the service, as long as the
      // response's body flows back.
      auto body = kj::mv(request.bodyStream);
      kj::Maybe<kj::AsyncInputStream&> bodyStream;
      KJ_IF_MAYBE(stream, body) bodyStream = **stream;
      return hosts
          .dispatch(service, *v, kj::mv(request), bodyStream, WorkerLimits().requestBodyBytes)
          .then([body = kj::mv(body)](
                    DispatchOutcome outcome) mutable -> kj::Promise<SubrequestOutcome> {
            KJ_IF_MAYBE(response, outcome.response) {
              KJ_IF_MAYBE(stream, outcome.bodyStream) {
                KJ_IF_MAYBE(requestBody, body) {
                  *stream = kj::mv(*stream).attach(kj::mv(*requestBody));
                }
              }
              response->bodyStream = kj::mv(outcome.bodyStream);
              return SubrequestOutcome{kj::mv(*response), nullptr};
            }
            // What a client would have seen: the platform's own error response.
            WorkerResponse failure;
            failure.status = outcome.failureStatus;
            failure.statusText = kj::str(reasonPhrase(outcome.failureStatus));
            failure.headers.add(HttpHeader{kj::str("content-type"),
                                           kj::str("text/plain;charset=UTF-8")});
            failure.body = kj::heapArray(kj::str(outcome.failure, "\n").asBytes());
            return SubrequestOutcome{kj::mv(failure), nullptr};
          });
    }
    return SubrequestOutcome{nullptr, kj::str("the service binding's worker '", service,
                                              "' is not deployed (for this worker's tenant)")};
  }

 private:
  kj::AsyncIoContext& io;
  ServeOptions& options;
  CodeStore& store;
  SubrequestGates gates;  // before `hosts`: loaded versions hold its gates
  HostPool hosts;
  kj::HttpHeaderTable headerTable;
  kj::Own<kj::ConnectionReceiver> invocationListener;
  kj::Own<kj::ConnectionReceiver> controlListener;
  kj::Own<kj::HttpServer> invocationServer;
  kj::Own<kj::HttpServer> controlServer;
  kj::HashMap<kj::String, kj::String> live;        // worker -> live version id
  kj::HashMap<kj::String, Upload> candidates;      // "worker@candidate-N" being checked
  uint64_t nextCandidate = 1;
  uint64_t headerLimitHits = 0;  // requests refused for their headers' size
  uint64_t bodyLimitHits = 0;    // ... for their bodies' (413)
  uint64_t scheduledOk = 0;       // cron triggers fired whose handler succeeded
  uint64_t scheduledFailed = 0;   // ... whose handler threw (or could not run)
  class CronErrors final : public kj::TaskSet::ErrorHandler {
    void taskFailed(kj::Exception&& exception) override {
      KJ_LOG(ERROR, "cron trigger failed", exception);
    }
  } cronErrors;
  kj::TaskSet cronTasks{cronErrors};  // scheduled events under way

  // Fires the live versions' cron triggers at the start of each minute (UTC), as Workers
  // does. A minute the front end was down for is skipped, not made up.
  kj::Promise<void> cronLoop() {
    int64_t nowMs = (kj::systemPreciseCalendarClock().now() - kj::UNIX_EPOCH) / kj::MILLISECONDS;
    int64_t minute = nowMs / 60000 + 1;
    return io.provider->getTimer()
        .afterDelay((minute * 60000 - nowMs) * kj::MILLISECONDS)
        .then([this, minute]() {
          for (auto& trigger: store.listCronTriggers()) {
            auto schedule = parseCron(trigger.cron);
            if (schedule.is<CronSchedule>() && cronMatches(schedule.get<CronSchedule>(), minute)) {
              cronTasks.add(fireCron(kj::mv(trigger.worker), kj::mv(trigger.version),
                                     kj::mv(trigger.cron), minute * 60000.0));
            }
          }
          return cronLoop();
        });
  }

  // Runs one scheduled event; resolves to what went wrong, or "" when it succeeded.
  // `why` is for the log: "on schedule" or "on request".
  kj::Promise<kj::String> runScheduled(kj::StringPtr worker, kj::StringPtr version,
                                       kj::StringPtr cron, double scheduledTimeMs,
                                       kj::StringPtr why) {
    auto start = kj::systemPreciseMonotonicClock().now();
    return hosts.scheduled(worker, version, cron, scheduledTimeMs)
        .then([this, start, worker = kj::str(worker), version = kj::str(version),
               cron = kj::str(cron), why](kj::String error) {
          auto took = double((kj::systemPreciseMonotonicClock().now() - start) /
                             kj::MICROSECONDS) / 1000;
          ++(error.size() == 0 ? scheduledOk : scheduledFailed);
          fprintf(stderr, "shoal serve: scheduled %s %s \"%s\" %s: %s (%.2f ms)\n",
                  worker.cStr(), version.cStr(), cron.cStr(), why.cStr(),
                  error.size() == 0 ? "ok" : error.cStr(), took);
          return kj::mv(error);
        });
  }

  kj::Promise<void> fireCron(kj::String worker, kj::String version, kj::String cron,
                             double scheduledTimeMs) {
    return runScheduled(worker, version, cron, scheduledTimeMs, "on schedule")
        .ignoreResult()
        .attach(kj::mv(worker), kj::mv(version), kj::mv(cron));
  }

  // From an Upload being checked or a stored Version: they have the same members.
  template <typename VersionLike>
  void fill(kj::StringPtr worker, kj::StringPtr versionId, const VersionLike& version,
            rpc::WorkerVersion::Builder out) {
    auto& modules = version.modules;
    auto& vars = version.vars;
    auto& sessions = version.sessions;
    auto& limits = version.limits;
    out.setWorker(worker);
    out.setVersion(versionId);
    out.setMainModule(version.mainModule);
    auto outModules = out.initModules(modules.size());
    for (auto i: kj::indices(modules)) {
      outModules[i].setPath(modules[i].path);
      outModules[i].setSource(modules[i].source);
    }
    auto outVars = out.initVars(vars.size());
    for (auto i: kj::indices(vars)) {
      outVars[i].setName(vars[i].name);
      outVars[i].setValue(vars[i].value);
    }
    // The version's own limits, else the ones `shoal serve` was started with.
    auto outLimits = out.initLimits();
    outLimits.setCpuPerEventMs(limits.cpuMs != 0 ? limits.cpuMs : options.defaultCpuMs);
    outLimits.setHeapMib(limits.memoryMib != 0 ? limits.memoryMib : options.defaultMemoryMib);
    outLimits.setSubrequests(limits.subrequests);
    outLimits.setWallPerRequestMs(limits.wallMs != 0 ? limits.wallMs : options.defaultWallMs);
    outLimits.setCpuStartupMs(limits.startupCpuMs);
    outLimits.setTimersPerEvent(limits.timers);
    outLimits.setConsoleKibPerEvent(limits.consoleKib);
    outLimits.setConcurrentRequests(limits.concurrency);
    auto outSessions = out.initSessions(sessions.size());
    for (auto i: kj::indices(sessions)) {
      outSessions[i].setBinding(sessions[i].binding);
      outSessions[i].setClassName(sessions[i].className);
    }
    auto outServices = out.initServices(version.services.size());
    for (auto i: kj::indices(version.services)) {
      outServices[i].setBinding(version.services[i].binding);
      outServices[i].setService(version.services[i].service);
    }
    auto outLoaders = out.initLoaders(version.loaders.size());
    for (auto i: kj::indices(version.loaders)) outLoaders.set(i, version.loaders[i]);
  }

  kj::String workerUrl(kj::StringPtr name) {
    return kj::str("http://", name, ".localhost:", invocationListener->getPort(), "/");
  }

  // Invocations: http://NAME.localhost:PORT/... -> the live version of NAME.
  class Invocations final : public kj::HttpService {
   public:
    explicit Invocations(FrontEnd& front) : front(front) {}

    kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url,
                              const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                              Response& response) override {
      auto requestId = newRequestId();
      auto host = kj::heapString(headers.get(kj::HttpHeaderId::HOST).orDefault(""));
      auto headerLimit = WorkerLimits().requestHeaderBytes;
      if (!headersFit(headers, headerLimit)) {
        ++front.headerLimitHits;
        fprintf(stderr, "shoal serve: %s: header_size_limit_exceeded (request %s)\n",
                host.cStr(), requestId.cStr());
        return sendHeadersTooLarge(response, front.headerTable, headerLimit, requestId);
      }
      kj::String name;
      KJ_IF_MAYBE(found, workerFromHost(host)) {
        name = kj::mv(*found);
      } else {
        return sendText(response, front.headerTable, 404, "text/plain;charset=UTF-8",
                              kj::str("No worker named in the Host header '", host,
                                      "': invoke a worker at http://NAME.localhost:",
                                      front.invocationListener->getPort(), "/\n"));
      }
      kj::String version;
      KJ_IF_MAYBE(found, front.live.find(name)) {
        version = kj::heapString(*found);
      } else {
        return sendText(response, front.headerTable, 404, "text/plain;charset=UTF-8",
                              kj::str("No worker named '", name, "' is deployed here.\n"));
      }

      kj::Maybe<kj::Own<WebSocketRelay>> relay;
      if (isWebSocketUpgrade(headers)) relay = kj::refcounted<WebSocketRelay>();
      return readHttpRequest(method, kj::str("http://", host, url), headers, body,
                             WorkerLimits().requestBodyBytes, kj::str(requestId))
          .then([this, &response, name = kj::mv(name), version = kj::mv(version),
                 relay = kj::mv(relay), requestId = kj::mv(requestId)](
                    kj::Maybe<IncomingRequest> request) mutable -> kj::Promise<void> {
            KJ_IF_MAYBE(r, request) {
              kj::Maybe<rpc::WebSocketPeer::Client> clientSocket;
              KJ_IF_MAYBE(socketRelay, relay) clientSocket = (*socketRelay)->peer();
              return front.hosts
                  .dispatch(name, version, kj::mv(r->request), r->bodyStream,
                            WorkerLimits().requestBodyBytes, kj::mv(clientSocket))
                  .then([this, &response, name = kj::mv(name), relay = kj::mv(relay),
                         requestId = kj::mv(requestId)](
                            DispatchOutcome outcome) mutable -> kj::Promise<void> {
                    KJ_IF_MAYBE(socketRelay, relay) {
                      KJ_IF_MAYBE(worker, outcome.webSocket) {
                        auto& head = KJ_ASSERT_NONNULL(outcome.response);
                        return (*socketRelay)
                            ->run(response, front.headerTable, head, kj::mv(*worker))
                            .attach(kj::mv(*socketRelay), kj::mv(outcome));
                      }
                    }
                    return send(response, name, kj::mv(outcome), requestId);
                  });
            }
            DispatchOutcome tooLarge;
            tooLarge.failureStatus = 413;
            tooLarge.failure =
                kj::str("request body larger than ", WorkerLimits().requestBodyBytes, " bytes");
            return send(response, name, kj::mv(tooLarge), requestId);
          });
    }

   private:
    FrontEnd& front;

    kj::Promise<void> send(Response& response, kj::StringPtr name, DispatchOutcome outcome,
                           kj::StringPtr requestId) {
      KJ_IF_MAYBE(result, outcome.response) {
        return sendWorkerResponse(response, front.headerTable, kj::mv(*result),
                                  kj::mv(outcome.bodyStream), requestId);
      }
      if (outcome.failureStatus == 413) ++front.bodyLimitHits;
      fprintf(stderr, "shoal serve: %s (request %s): %s\n", name.cStr(), requestId.cStr(),
              outcome.failure.cStr());
      return sendText(response, front.headerTable, outcome.failureStatus,
                      "text/plain;charset=UTF-8", kj::str(outcome.failure, "\n"), requestId);
    }
  };

  // The control API: JSON over HTTP, bearer tokens.
  class Control final : public kj::HttpService {
   public:
    explicit Control(FrontEnd& front) : front(front) {}

    kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url,
                              const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                              Response& response) override {
      kj::String authorization = kj::str("");
      headers.forEach([&](kj::StringPtr name, kj::StringPtr value) {
        if (strcasecmp(name.cStr(), "authorization") == 0) authorization = kj::heapString(value);
      });
      auto contentType = kj::heapString(
          headers.get(kj::HttpHeaderId::CONTENT_TYPE).orDefault(""));
      auto path = kj::heapString(url);
      // A task (POST /run) has a cap of its own; everything else is an upload's.
      bool isTask = path == "/run";
      size_t limit = isTask ? MAX_RUN_BYTES : MAX_UPLOAD_BYTES;
      auto tooLarge = [this, isTask, limit, &response]() {
        return sendError(response, 413, kj::str(isTask ? "the task" : "the upload",
                                                " is larger than ", limit >> 20, " MiB"));
      };
      if (body.tryGetLength().orDefault(0) > limit) return tooLarge();
      return body.readAllBytes(limit + 1)
          .then([this, method, path = kj::mv(path), authorization = kj::mv(authorization),
                 contentType = kj::mv(contentType), limit, tooLarge,
                 &response](kj::Array<kj::byte> bytes) -> kj::Promise<void> {
            if (bytes.size() > limit) return tooLarge();
            try {
              return route(method, path, authorization, contentType, bytes, response);
            } catch (HttpError& error) {
              return sendError(response, error.status, kj::mv(error.message));
            }
          });
    }

   private:
    FrontEnd& front;

    kj::Promise<void> sendJson(Response& response, unsigned status, kj::String json) {
      return sendText(response, front.headerTable, status, "application/json",
                            kj::str(json, "\n"));
    }

    kj::Promise<void> sendError(Response& response, unsigned status, kj::String message) {
      return sendJson(response, status, kj::str("{\"error\":", jsonQuote(message), "}"));
    }

    TokenInfo authenticate(kj::StringPtr authorization) {
      if (!authorization.startsWith("Bearer ")) {
        fail(401, kj::str("missing token: send the header 'Authorization: Bearer TOKEN'"));
      }
      KJ_IF_MAYBE(info, front.store.checkToken(authorization.slice(strlen("Bearer ")))) {
        return kj::mv(*info);
      }
      fail(401, kj::str("invalid token"));
    }

    static bool isAdmin(const TokenInfo& token) { return token.tenantId == nullptr; }

    void requireAdmin(const TokenInfo& token) {
      if (!isAdmin(token)) fail(403, kj::str("this needs the admin token"));
    }

    // The worker as `token` may see it: another tenant's worker does not exist for it.
    WorkerInfo visibleWorker(const TokenInfo& token, kj::StringPtr name) {
      KJ_IF_MAYBE(worker, front.store.getWorker(name)) {
        bool visible = true;
        KJ_IF_MAYBE(tenant, token.tenantId) visible = *tenant == worker->tenantId;
        if (visible) return kj::mv(*worker);
      }
      fail(404, kj::str("no worker named '", name, "'"));
    }

    // The string member `name` of a JSON request body; a 400 saying `usage` otherwise.
    kj::String requiredString(kj::ArrayPtr<const kj::byte> body, kj::StringPtr name,
                              kj::StringPtr usage) {
      capnp::MallocMessageBuilder message;
      auto json = storeCall(400, [&]() { return parseJson(body.asChars(), message); });
      KJ_IF_MAYBE(field, jsonField(json, name)) {
        KJ_IF_MAYBE(text, jsonString(*field)) return kj::heapString(*text);
      }
      fail(400, kj::str(usage));
    }

    kj::String workerJson(const WorkerInfo& worker) {
      kj::Vector<kj::String> versions;
      for (auto& version: worker.versions) {
        versions.add(kj::str("{\"id\":", jsonQuote(version.id), ",\"created_at\":",
                             jsonQuote(isoTime(version.createdAtMs)), ",\"deployed_by\":",
                             jsonQuote(version.deployedBy), "}"));
      }
      return kj::str("{\"name\":", jsonQuote(worker.name), ",\"live_version\":",
                     jsonQuote(worker.liveVersion), ",\"url\":",
                     jsonQuote(front.workerUrl(worker.name)), ",\"versions\":[",
                     kj::strArray(versions, ","), "]}");
    }

    // Runs a store operation; a caller mistake it reports becomes a 400 (or `status`).
    template <typename Func>
    auto storeCall(unsigned status, Func&& func) -> decltype(func()) {
      kj::Maybe<decltype(func())> result;
      KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() { result = func(); })) {
        if (exception->getType() == kj::Exception::Type::FAILED &&
            kj::StringPtr(exception->getDescription()).findFirst('\n') == nullptr) {
          fail(status, kj::str(exception->getDescription()));
        }
        kj::throwFatalException(kj::mv(*exception));
      }
      return KJ_ASSERT_NONNULL(kj::mv(result));
    }

    kj::Promise<void> route(kj::HttpMethod method, kj::StringPtr url,
                            kj::StringPtr authorization, kj::StringPtr contentType,
                            kj::ArrayPtr<const kj::byte> body, Response& response) {
      auto segments = pathSegments(url);
      using M = kj::HttpMethod;
      if (segments.size() == 1 && segments[0] == "metrics" && method == M::GET) {
        return front.hosts.metrics().then([this, &response](kj::String text) {
          // Refused by the front end itself, before any host.
          text = kj::str(text, "shoal_limit_exceeded_total{limit=\"request_headers\"} ",
                         front.headerLimitHits, "\n",
                         "shoal_limit_exceeded_total{limit=\"request_body\"} ",
                         front.bodyLimitHits, "\n# TYPE shoal_scheduled_total counter\n",
                         "shoal_scheduled_total{outcome=\"ok\"} ", front.scheduledOk, "\n",
                         "shoal_scheduled_total{outcome=\"exception\"} ", front.scheduledFailed,
                         "\n");
          return sendText(response, front.headerTable, 200,
                                "text/plain; version=0.0.4", kj::mv(text));
        });
      }
      auto token = authenticate(authorization);
      if (segments.size() == 1 && segments[0] == "run" && method == M::POST) {
        return runTask(body, response);
      }
      if (segments.size() >= 1 && segments[0] == "workers") {
        if (segments.size() == 1 && method == M::GET) return listWorkers(token, response);
        if (segments.size() == 2) {
          switch (method) {
            case M::PUT: return deploy(token, segments[1], url, contentType, body, response);
            case M::GET:
              return sendJson(response, 200, workerJson(visibleWorker(token, segments[1])));
            case M::DELETE: return remove(token, segments[1], response);
            default: break;
          }
        }
        if (segments.size() == 3 && segments[2] == "rollback" && method == M::POST) {
          return rollback(token, segments[1], body, response);
        }
        if (segments.size() == 3 && segments[2] == "scheduled" && method == M::POST) {
          return scheduled(token, segments[1], body, response);
        }
      }
      if (segments.size() >= 1 && segments[0] == "tenants") {
        requireAdmin(token);
        if (segments.size() == 1 && method == M::POST) return createTenant(body, response);
        if (segments.size() == 1 && method == M::GET) return listTenants(response);
        if (segments.size() == 3 && segments[2] == "tokens" && method == M::POST) {
          return createToken(segments[1], body, response);
        }
      }
      fail(404, kj::str("no such endpoint: ", method, " ", dropQuery(url)));
    }

    // Fires the live version's scheduled() handler now, as its cron trigger would: body
    // {"cron": "..."} (optional; default: the version's first cron trigger, else "* * * * *").
    kj::Promise<void> scheduled(const TokenInfo& token, kj::StringPtr name,
                                kj::ArrayPtr<const kj::byte> body, Response& response) {
      auto worker = visibleWorker(token, name);
      kj::String cron;
      if (body.size() > 0) {
        cron = requiredString(body, "cron", "send {\"cron\": \"*/5 * * * *\"}, or no body");
      } else {
        KJ_IF_MAYBE(version, front.store.getVersion(name, worker.liveVersion)) {
          if (version->crons.size() > 0) cron = kj::heapString(version->crons[0]);
        }
        if (cron == nullptr) cron = kj::str("* * * * *");
      }
      auto nowMs = double((kj::systemPreciseCalendarClock().now() - kj::UNIX_EPOCH) /
                          kj::MILLISECONDS);
      auto json = kj::str("{\"worker\":", jsonQuote(name), ",\"version\":",
                          jsonQuote(worker.liveVersion), ",\"cron\":", jsonQuote(cron));
      return front.runScheduled(name, worker.liveVersion, cron, nowMs, "on request")
          .then([this, &response, json = kj::mv(json)](kj::String error) {
            if (error.size() == 0) {
              return sendJson(response, 200, kj::str(json, ",\"outcome\":\"ok\"}"));
            }
            return sendJson(response, 500, kj::str(json, ",\"outcome\":\"exception\",",
                                                   "\"error\":", jsonQuote(error), "}"));
          });
    }

    // POST /run: one task in a sandbox of its own, on any host, destroyed once it answered
    // (README.md, "One-shot tasks"). Mistakes in the call, and code that does not compile or
    // throws while its modules load, are a 400 (413 past MAX_RUN_BYTES, checked as it is
    // read); a task that ran and failed (it threw, or hit a limit, also while its modules
    // loaded) is a 422 with the error's kind, since sending it again fails the same way.
    kj::Promise<void> runTask(kj::ArrayPtr<const kj::byte> body, Response& response) {
      constexpr auto USAGE =
          "send the task as JSON: {\"mainModule\": \"task.js\", \"modules\": {\"task.js\": "
          "\"export default { run(input) { ... } }\"}, \"input\": ...} (or \"request\": "
          "{\"method\", \"url\", \"headers\", \"body\"} for its fetch())"_kj;
      if (body.size() == 0) fail(400, kj::str("empty body: ", USAGE));
      capnp::MallocMessageBuilder message;
      auto json = storeCall(400, [&]() { return parseJson(body.asChars(), message); });
      if (!json.isObject()) fail(400, kj::str("the task is not a JSON object: ", USAGE));
      kj::StringPtr mainModule;
      KJ_IF_MAYBE(field, jsonField(json, "mainModule")) {
        KJ_IF_MAYBE(text, jsonString(*field)) mainModule = *text;
      }
      if (mainModule.size() == 0) fail(400, kj::str("no mainModule: ", USAGE));
      kj::Maybe<capnp::JsonValue::Reader> modules = jsonField(json, "modules");
      bool hasMain = false;
      KJ_IF_MAYBE(object, modules) {
        if (!object->isObject()) fail(400, kj::str("modules must be an object: ", USAGE));
        for (auto module: object->getObject()) {
          if (!module.getValue().isString()) {
            fail(400, kj::str("module '", module.getName(), "' must be a string of JavaScript"));
          }
          if (module.getName() == mainModule) hasMain = true;
        }
      }
      if (!hasMain) {
        fail(400, kj::str("the mainModule '", mainModule, "' is not one of the modules"));
      }
      auto request = jsonField(json, "request");
      auto input = jsonField(json, "input");
      if (request != nullptr && input != nullptr) {
        fail(400, kj::str("send either input (for run(input)) or request (for fetch()), not both"));
      }
      KJ_IF_MAYBE(r, request) checkRunRequest(*r);
      auto limits = runLimits(json);

      auto started = kj::systemPreciseMonotonicClock().now();
      return front.hosts
          .run([&](rpc::RunTask::Builder task) {
            task.setMainModule(mainModule);
            auto list = KJ_ASSERT_NONNULL(modules).getObject();
            auto out = task.initModules(list.size());
            for (auto i: kj::indices(list)) {
              out[i].setPath(list[i].getName());
              out[i].setSource(list[i].getValue().getString());
            }
            auto outLimits = task.initLimits();
            outLimits.setCpuPerEventMs(limits.cpuMs);
            outLimits.setHeapMib(limits.memoryMib);
            outLimits.setWallPerRequestMs(limits.wallMs);
            KJ_IF_MAYBE(in, input) {
              task.setInput(capnp::JsonCodec().encodeRaw(*in));
            } else KJ_IF_MAYBE(r, request) {
              fillRunRequest(*r, task.initRequest());
            } else {
              auto out = task.initRequest();
              out.setMethod("GET");
              out.setUrl(DEFAULT_RUN_URL);
            }
          })
          .then(
              [this, &response, started](capnp::Response<rpc::IsolateHost::RunResults> result) {
                return sendRunOutcome(response, result.getOutcome(), started);
              },
              [this, &response](kj::Exception&& exception) {
                auto reference = kj::str(kj::systemPreciseCalendarClock().now() - kj::UNIX_EPOCH);
                fprintf(stderr, "shoal serve: a run failed on its host (reference %s): %s\n",
                        reference.cStr(), exception.getDescription().cStr());
                return sendError(response, 503, kj::str("the isolate host failed; try again "
                                                        "(reference ", reference, ")"));
              });
    }

    // Where a task's fetch() request goes when the call names no URL.
    static constexpr auto DEFAULT_RUN_URL = "http://task.localhost/"_kj;

    // The task's "limits" (cpuMs, memoryMiB, wallMs), 0 for each it leaves out: the host
    // uses the sandbox's default, and cuts what is more than its maximum.
    struct RunLimitsAsked {
      uint32_t cpuMs = 0;
      uint32_t memoryMib = 0;
      uint32_t wallMs = 0;
    };

    RunLimitsAsked runLimits(capnp::JsonValue::Reader task) {
      RunLimitsAsked limits;
      KJ_IF_MAYBE(object, jsonField(task, "limits")) {
        if (!object->isObject()) fail(400, kj::str("limits must be an object"));
        for (auto field: object->getObject()) {
          auto value = field.getValue();
          auto name = field.getName();
          if (!value.isNumber() || value.getNumber() < 1 || value.getNumber() > 1e9 ||
              value.getNumber() != uint32_t(value.getNumber())) {
            fail(400, kj::str("limits.", name, " must be a whole number, at least 1"));
          }
          auto number = uint32_t(value.getNumber());
          if (name == "cpuMs") {
            limits.cpuMs = number;
          } else if (name == "memoryMiB") {
            limits.memoryMib = number;
          } else if (name == "wallMs") {
            limits.wallMs = number;
          } else {
            fail(400, kj::str("unknown limit '", name, "': use cpuMs, memoryMiB, wallMs"));
          }
        }
      }
      return limits;
    }

    void checkRunRequest(capnp::JsonValue::Reader request) {
      if (!request.isObject()) fail(400, kj::str("request must be an object"));
      for (auto field: request.getObject()) {
        auto name = field.getName();
        auto value = field.getValue();
        if (name == "headers") {
          if (!value.isObject()) fail(400, kj::str("request.headers must be an object"));
          for (auto header: value.getObject()) {
            if (!header.getValue().isString()) {
              fail(400, kj::str("request.headers.", header.getName(), " must be a string"));
            }
          }
        } else if (name == "method" || name == "url" || name == "body") {
          if (!value.isString()) fail(400, kj::str("request.", name, " must be a string"));
          if (name == "url" && !value.getString().startsWith("http://") &&
              !value.getString().startsWith("https://")) {
            fail(400, kj::str("request.url must be an absolute http(s) URL"));
          }
        } else {
          fail(400, kj::str("unknown request member '", name,
                            "': use method, url, headers, body"));
        }
      }
    }

    static void fillRunRequest(capnp::JsonValue::Reader request, rpc::Request::Builder out) {
      out.setMethod("GET");
      out.setUrl(DEFAULT_RUN_URL);
      for (auto field: request.getObject()) {
        auto name = field.getName();
        auto value = field.getValue();
        if (name == "method") {
          out.setMethod(value.getString());
        } else if (name == "url") {
          out.setUrl(value.getString());
        } else if (name == "body") {
          out.setHasBody(true);
          out.setBody(value.getString().asBytes());
        } else if (name == "headers") {
          auto headers = value.getObject();
          auto list = out.initHeaders(headers.size());
          for (auto i: kj::indices(headers)) {
            list[i].setName(headers[i].getName());
            list[i].setValue(headers[i].getValue().getString());
          }
        }
      }
    }

    kj::Promise<void> sendRunOutcome(Response& response, rpc::RunOutcome::Reader outcome,
                                     kj::TimePoint started) {
      kj::Vector<kj::String> logs;
      for (auto line: outcome.getLogs()) {
        logs.add(kj::str("{\"level\":", jsonQuote(line.getLevel()), ",\"text\":",
                         jsonQuote(line.getText()), "}"));
      }
      auto totalMicros = (kj::systemPreciseMonotonicClock().now() - started) / kj::MICROSECONDS;
      auto tail = kj::str(",\"logs\":[", kj::strArray(logs, ","), "],\"logsDropped\":",
                          outcome.getLogsDropped(), ",\"timing\":{\"startMs\":",
                          outcome.getStartMicros() / 1000.0, ",\"runMs\":",
                          outcome.getRunMicros() / 1000.0, ",\"totalMs\":",
                          totalMicros / 1000.0, "}}");
      switch (outcome.which()) {
        case rpc::RunOutcome::RESPONSE: {
          auto answer = outcome.getResponse();
          kj::Vector<kj::String> headers;
          for (auto header: answer.getHeaders()) {
            headers.add(kj::str("[", jsonQuote(header.getName()), ",",
                                jsonQuote(header.getValue()), "]"));
          }
          auto bytes = answer.getBody();
          auto body = isValidUtf8(bytes)
                          ? kj::str(",\"body\":", jsonQuote(kj::str(bytes.asChars())))
                          : kj::str(",\"body\":", jsonQuote(kj::encodeBase64(bytes)),
                                    ",\"bodyEncoding\":\"base64\"");
          return sendJson(response, 200,
                          kj::str("{\"status\":", answer.getStatus(), ",\"statusText\":",
                                  jsonQuote(answer.getStatusText()), ",\"headers\":[",
                                  kj::strArray(headers, ","), "]", body, tail));
        }
        case rpc::RunOutcome::RESULT:
          return sendJson(response, 200, kj::str("{\"result\":", outcome.getResult(), tail));
        case rpc::RunOutcome::ERROR: {
          auto error = outcome.getError();
          auto kind = error.getKind();
          unsigned status = kind == "syntax_error" || kind == "startup_error" ? 400 : 422;
          auto stack = error.hasStack() ? kj::str(",\"stack\":", jsonQuote(error.getStack()))
                                        : kj::str("");
          return sendJson(response, status,
                          kj::str("{\"error\":", jsonQuote(error.getMessage()), ",\"kind\":",
                                  jsonQuote(kind), stack, tail));
        }
      }
      KJ_UNREACHABLE;
    }

    kj::Promise<void> listWorkers(const TokenInfo& token, Response& response) {
      kj::Vector<kj::String> items;
      for (auto& worker: front.store.listWorkers(token.tenantId)) {
        items.add(workerJson(worker));
      }
      return sendJson(response, 200, kj::str("{\"workers\":[", kj::strArray(items, ","), "]}"));
    }

    kj::Promise<void> deploy(const TokenInfo& token, kj::StringPtr name, kj::StringPtr url,
                             kj::StringPtr contentType, kj::ArrayPtr<const kj::byte> body,
                             Response& response) {
      int64_t tenantId;
      KJ_IF_MAYBE(own, token.tenantId) {
        tenantId = *own;
      } else {
        // The admin deploys on a tenant's behalf, naming it.
        KJ_IF_MAYBE(tenantName, queryParameter(url, "tenant")) {
          KJ_IF_MAYBE(tenant, front.store.findTenant(*tenantName)) {
            tenantId = tenant->id;
          } else {
            fail(404, kj::str("no tenant named '", *tenantName, "'"));
          }
        } else {
          fail(400, kj::str("the admin token deploys for a tenant: add ?tenant=NAME"));
        }
      }
      KJ_IF_MAYBE(existing, front.store.getWorker(name)) {
        if (existing->tenantId != tenantId) {
          fail(403, kj::str("the worker name '", name, "' belongs to another tenant"));
        }
      }
      auto upload = storeCall(400, [&]() { return parseUpload(contentType, body); });
      // Worker names are hostnames; check before spending an isolate on the code.
      for (char c: name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          fail(400, kj::str("invalid worker name '", name,
                            "': use lowercase letters, digits and '-'"));
        }
      }

      // Nothing goes live before it loads: run it on its host under a candidate id.
      auto candidate = kj::str("candidate-", front.nextCandidate++);
      auto key = kj::str(name, "@", candidate);
      front.candidates.insert(kj::heapString(key), kj::mv(upload));
      auto deployedBy = kj::heapString(token.label);
      return front.hosts.tryLoad(name, candidate)
          .then(
              [this, &response, name = kj::heapString(name), candidate = kj::mv(candidate),
               key = kj::heapString(key), tenantId, deployedBy = kj::mv(deployedBy)](
                  kj::String error) mutable -> kj::Promise<void> {
                auto& entry = KJ_ASSERT_NONNULL(front.candidates.findEntry(key));
                auto checked = kj::mv(entry.value);
                front.candidates.erase(entry);
                front.hosts.unload(name, candidate);
                if (error.size() > 0) return sendError(response, 400, kj::mv(error));
                return commit(response, name, tenantId, kj::mv(deployedBy), kj::mv(checked));
              },
              [this, &response, key = kj::heapString(key)](
                  kj::Exception&& exception) -> kj::Promise<void> {
                front.candidates.erase(key);
                return sendError(response, 503,
                                 kj::str("the worker's host is unavailable; try again shortly"));
              });
    }

    kj::Promise<void> commit(Response& response, kj::StringPtr name, int64_t tenantId,
                             kj::String deployedBy, Upload upload) {
      try {
        auto previous = front.live.find(name).map(
            [](kj::String& version) { return kj::heapString(version); });
        auto version = storeCall(400, [&]() {
          return front.store.addVersion(VersionInput{
              kj::heapString(name), tenantId, kj::mv(deployedBy), kj::mv(upload.mainModule),
              kj::mv(upload.modules), kj::mv(upload.vars), kj::mv(upload.compatibilityDate),
              kj::mv(upload.sessions), upload.limits, kj::mv(upload.outboundAllow),
              kj::mv(upload.services), kj::mv(upload.crons), kj::mv(upload.loaders)});
        });
        setLive(name, version.id);
        // Requests in flight on the old version finish on it; new ones get the new one.
        KJ_IF_MAYBE(old, previous) front.hosts.unload(name, *old);
        fprintf(stderr, "shoal serve: deployed %s %s\n", name.cStr(), version.id.cStr());
        return sendJson(response, 201,
                        kj::str("{\"worker\":", jsonQuote(name), ",\"version\":",
                                jsonQuote(version.id), ",\"url\":",
                                jsonQuote(front.workerUrl(name)), "}"));
      } catch (HttpError& error) {
        return sendError(response, error.status, kj::mv(error.message));
      }
    }

    void setLive(kj::StringPtr name, kj::StringPtr version) {
      front.live.upsert(kj::heapString(name), kj::heapString(version),
                        [](kj::String& existing, kj::String&& replacement) {
                          existing = kj::mv(replacement);
                        });
    }

    kj::Promise<void> rollback(const TokenInfo& token, kj::StringPtr name,
                               kj::ArrayPtr<const kj::byte> body, Response& response) {
      auto worker = visibleWorker(token, name);
      auto version = requiredString(body, "version",
                                    "send {\"version\": \"vN\"}: the version to make live");
      storeCall(404, [&]() {
        front.store.setLiveVersion(name, version);
        return true;
      });
      auto previous = kj::heapString(worker.liveVersion);
      setLive(name, version);
      if (previous != version) front.hosts.unload(name, previous);
      fprintf(stderr, "shoal serve: %s rolled back to %s\n", name.cStr(), version.cStr());
      return sendJson(response, 200,
                      kj::str("{\"worker\":", jsonQuote(name), ",\"live_version\":",
                              jsonQuote(version), "}"));
    }

    kj::Promise<void> remove(const TokenInfo& token, kj::StringPtr name, Response& response) {
      auto worker = visibleWorker(token, name);
      front.store.deleteWorker(name);
      front.live.erase(name);
      front.hosts.unload(name, worker.liveVersion);
      // Its sessions go with it: a later worker of the same name, maybe another tenant's,
      // must not find them. (Hosts on other machines keep their own copies; TODO: tell
      // them.)
      removeSessionFiles(front.options.dataDir, name);
      fprintf(stderr, "shoal serve: deleted %s\n", name.cStr());
      return sendJson(response, 200, kj::str("{\"deleted\":", jsonQuote(name), "}"));
    }

    kj::Promise<void> createTenant(kj::ArrayPtr<const kj::byte> body, Response& response) {
      auto name = requiredString(body, "name", "send {\"name\": \"tenant-name\"}");
      auto tenant = storeCall(409, [&]() { return front.store.createTenant(name); });
      auto token = front.store.createToken(tenant.id, kj::str(name));
      return sendJson(response, 201,
                      kj::str("{\"tenant\":", jsonQuote(tenant.name), ",\"token\":",
                              jsonQuote(token), "}"));
    }

    kj::Promise<void> listTenants(Response& response) {
      kj::Vector<kj::String> items;
      for (auto& tenant: front.store.listTenants()) items.add(jsonQuote(tenant.name));
      return sendJson(response, 200, kj::str("{\"tenants\":[", kj::strArray(items, ","), "]}"));
    }

    kj::Promise<void> createToken(kj::StringPtr tenantName, kj::ArrayPtr<const kj::byte> body,
                                  Response& response) {
      Tenant tenant;
      KJ_IF_MAYBE(found, front.store.findTenant(tenantName)) {
        tenant = kj::mv(*found);
      } else {
        fail(404, kj::str("no tenant named '", tenantName, "'"));
      }
      kj::String label = kj::str(tenantName);
      if (body.size() > 0) {
        capnp::MallocMessageBuilder message;
        auto json = storeCall(400, [&]() { return parseJson(body.asChars(), message); });
        KJ_IF_MAYBE(field, jsonField(json, "label")) {
          KJ_IF_MAYBE(text, jsonString(*field)) label = kj::heapString(*text);
        }
      }
      auto token = front.store.createToken(tenant.id, label);
      return sendJson(response, 201,
                      kj::str("{\"tenant\":", jsonQuote(tenant.name), ",\"token\":",
                              jsonQuote(token), "}"));
    }
  };

  Invocations invocations;
  Control control;
};

}  // namespace

kj::Promise<void> runFrontEnd(kj::AsyncIoContext& io, ServeOptions options) {
  mkdir(options.dataDir.cStr(), 0700);
  // One front end per data folder: it moves session files about before its hosts start,
  // which must not happen under another's hosts.
  auto lockPath = kj::str(options.dataDir, "/serve.lock");
  kj::AutoCloseFd lock(open(lockPath.cStr(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (lock.get() < 0 || flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    kj::throwFatalException(kj::Exception(
        kj::Exception::Type::FAILED, __FILE__, __LINE__,
        errno == EWOULDBLOCK
            ? kj::str("another shoal serve is using ", options.dataDir,
                      "; stop it, or give this one a --data folder of its own")
            : kj::str("cannot lock ", lockPath, ": ", strerror(errno))));
  }
  // Local hosts' data folders are in DATA/hosts (session-files.h), and so are their sockets,
  // unless that path is too long for a unix socket address (108 bytes); then the sockets are
  // in a fresh folder under /tmp.
  auto socketDir = kj::str(options.dataDir, "/hosts");
  mkdir(socketDir.cStr(), 0700);
  char absolute[4096];
  if (realpath(options.dataDir.cStr(), absolute) == nullptr || strlen(absolute) + 24 >= 100) {
    char temp[] = "/tmp/shoal-hosts-XXXXXX";
    KJ_REQUIRE(mkdtemp(temp) != nullptr, "cannot make a folder for host sockets");
    socketDir = kj::str(temp);
  }
  auto store = kj::heap<CodeStore>(kj::str(options.dataDir, "/control.sqlite"));
  if (!store->hasAdminToken()) {
    auto token = store->createToken(nullptr, "admin");
    printf("shoal serve: admin token (shown only now; keep it): %s\n", token.cStr());
    fflush(stdout);
  }
  unsigned localHosts = options.localHosts;
  if (localHosts == 0 && options.remoteHosts.empty()) {
    localHosts = kj::max(1l, sysconf(_SC_NPROCESSORS_ONLN));
  }
  char dataAbsolute[4096];
  KJ_REQUIRE(realpath(options.dataDir.cStr(), dataAbsolute) != nullptr, "no data folder",
             options.dataDir);
  HostPoolOptions pool{nullptr, localHosts, kj::mv(socketDir),
                       kj::heapString(options.shoalBinary), kj::mv(options.remoteHosts),
                       kj::str(dataAbsolute), options.isolateMemoryBudgetMib};
  auto optionsOwn = kj::heap<ServeOptions>(kj::mv(options));
  auto front = kj::heap<FrontEnd>(io, *optionsOwn, *store, kj::mv(pool));
  auto promise = front->run();
  return promise.attach(kj::mv(front), kj::mv(store), kj::mv(optionsOwn), kj::mv(lock));
}

}  // namespace shoal
