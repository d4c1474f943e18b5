#include "control/host-pool.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <capnp/rpc-twoparty.h>
#include <kj/debug.h>

#include "control/bridge.h"
#include "control/coalescing-stream.h"

namespace shoal {

namespace {

// Points per host on the hash ring: enough that workers spread evenly, few enough that
// the ring stays tiny.
constexpr unsigned RING_POINTS_PER_HOST = 64;

// How long to wait between attempts to reach a host that is (re)starting.
constexpr kj::Duration RECONNECT_DELAY = 20 * kj::MILLISECONDS;

// How long to wait before starting again a host that died before it ever listened.
constexpr kj::Duration RESPAWN_DELAY = 250 * kj::MILLISECONDS;

// Upper bounds of the latency histogram, in seconds.
constexpr double LATENCY_BUCKETS[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                      0.05,   0.1,   0.25,   0.5,   1,     2.5};
constexpr size_t BUCKET_COUNT = sizeof(LATENCY_BUCKETS) / sizeof(LATENCY_BUCKETS[0]);

// FNV-1a: stable across runs and machines, so placement is too.
uint64_t hashOf(kj::StringPtr text) {
  uint64_t hash = 14695981039346656037ull;
  for (char c: text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  // FNV's low bits mix poorly for short keys; finish with a multiply-shift.
  hash ^= hash >> 31;
  hash *= 0x9e3779b97f4a7c15ull;
  return hash ^ (hash >> 29);
}

kj::String keyOf(kj::StringPtr worker, kj::StringPtr version) {
  return kj::str(worker, "@", version);
}

// The outcome of loading a version on a host, shared by everyone who waited for it
// (ForkedPromise hands each branch a reference).
struct LoadOutcome final : public kj::Refcounted {
  kj::String error;  // the user's mistake; empty when loaded
  explicit LoadOutcome(kj::String error) : error(kj::mv(error)) {}
  kj::Own<LoadOutcome> addRef() { return kj::addRef(*this); }
};

constexpr auto errorOf = [](kj::Own<LoadOutcome> outcome) {
  return kj::heapString(outcome->error);
};

}  // namespace

// One host's shared sink (IsolateHost.setSink): receives the responses its dispatches stream
// back, each resolving the dispatch that waits under its id with the head and a stream the
// body arrives on. One for all requests, instead of a capability made for each.
class HostPool::SharedSink final : public rpc::ResponseSink::Server {
 public:
  explicit SharedSink(unsigned host) : host(host) {}

  // A promise for the response that streams back as `id`, if one does. Call forget(id) once
  // it is no longer waited for.
  std::pair<uint64_t, kj::Promise<DispatchOutcome>> expect() {
    auto paf = kj::newPromiseAndFulfiller<DispatchOutcome>();
    uint64_t id = nextId++;
    waiting.insert(id, kj::mv(paf.fulfiller));
    return {id, kj::mv(paf.promise)};
  }

  void forget(uint64_t id) { waiting.erase(id); }

 protected:
  kj::Promise<void> respond(RespondContext context) override {
    auto params = context.getParams();
    auto pipe = kj::refcounted<BodyPipe>();
    DispatchOutcome outcome;
    outcome.response = fromRpc(params.getResponse());
    outcome.bodyStream = pipe->reader();
    outcome.host = host;
    KJ_IF_MAYBE(fulfiller, waiting.find(params.getId())) {
      (*fulfiller)->fulfill(kj::mv(outcome));
    }  // else nobody waits any more: the body's writes fail, and the host stops sending it
    context.getResults().setBody(newBodyFeed(kj::mv(pipe), SIZE_MAX));
    return kj::READY_NOW;
  }

 private:
  unsigned host;
  uint64_t nextId = 1;
  kj::HashMap<uint64_t, kj::Own<kj::PromiseFulfiller<DispatchOutcome>>> waiting;
};


class HostPool::Router final : public rpc::SessionRouter::Server {
 public:
  explicit Router(HostPool& pool) : pool(pool) {}

 protected:
  kj::Promise<void> call(CallContext context) override {
    return pool.routeSession(context, true);
  }

 private:
  HostPool& pool;
};

struct HostPool::Host {
  unsigned index;
  kj::String address;  // "unix:PATH", "tcp:ADDR", or "in-process"
  bool local;          // a process we started and restart
  unsigned number = 0;  // local: the i of host-i.sock and of its data folder
  bool inProcess = false;
  pid_t pid = -1;
  uint64_t restarts = 0;

  kj::Own<kj::AsyncIoStream> stream;
  kj::Own<capnp::TwoPartyClient> rpc;
  kj::Maybe<rpc::IsolateHost::Client> client;  // nullptr while the host is down
  // The host's shared sink (setSink), with the capability that keeps it alive; set with
  // `client`.
  kj::Maybe<SharedSink&> sink;
  kj::Maybe<rpc::ResponseSink::Client> sinkClient;

  // Makes this connection's shared sink and gives it to the host (before anything is
  // dispatched on `to`).
  void giveSink(rpc::IsolateHost::Client& to) {
    auto own = kj::heap<SharedSink>(index);
    sink = *own;
    rpc::ResponseSink::Client cap = kj::mv(own);
    auto request = to.setSinkRequest();
    request.setSink(cap);
    sinkClient = kj::mv(cap);
    detached = request.send().ignoreResult().eagerlyEvaluate([](kj::Exception&&) {
      // The host is gone: the dispatches will fail on their own.
    });
  }
  kj::Promise<void> detached = kj::READY_NOW;  // the setSink call
  // Loads done or under way on this connection, by "worker@version"; the result is the
  // user's error ("" when loaded).
  kj::HashMap<kj::String, kj::ForkedPromise<kj::Own<LoadOutcome>>> loads;

  uint64_t requests = 0;
  uint64_t errors = 0;
  uint64_t buckets[BUCKET_COUNT] = {};
  double latencySum = 0;

  void record(kj::Duration latency, unsigned status) {
    ++requests;
    if (status >= 500) ++errors;
    double seconds = double(latency / kj::NANOSECONDS) / 1e9;
    latencySum += seconds;
    for (size_t i = 0; i < BUCKET_COUNT; ++i) {
      if (seconds <= LATENCY_BUCKETS[i]) ++buckets[i];
    }
  }
};

void HostPool::ErrorHandler::taskFailed(kj::Exception&& exception) {
  KJ_LOG(ERROR, "host pool task failed", exception);
}

HostPool::HostPool(kj::AsyncIoContext& io, VersionSource& versions, HostPoolOptions options)
    : io(io), versions(versions), options(kj::mv(options)), tasks(errorHandler) {
  auto& opts = this->options;
  KJ_IF_MAYBE(client, opts.inProcessHost) {
    auto host = kj::heap<Host>();
    host->index = hosts.size();
    host->address = kj::str("in-process");
    host->local = false;
    host->inProcess = true;
    host->client = *client;
    host->giveSink(*client);
    hosts.add(kj::mv(host));
  }
  for (unsigned i = 0; i < opts.localHosts; ++i) {
    auto host = kj::heap<Host>();
    host->index = hosts.size();
    host->address = kj::str("unix:", opts.socketDir, "/host-", i, ".sock");
    host->local = true;
    host->number = i;
    hosts.add(kj::mv(host));
  }
  for (auto& address: opts.remoteHosts) {
    auto host = kj::heap<Host>();
    host->index = hosts.size();
    host->address = kj::heapString(address);
    host->local = false;
    hosts.add(kj::mv(host));
  }
  KJ_REQUIRE(hosts.size() > 0, "no isolate hosts: use --hosts N or --host ADDR");
  for (auto& host: hosts) {
    // A local host's points do not depend on where its socket is (a temporary folder when
    // the data folder's path is long): sessions stay placed, and their files stay put,
    // across restarts.
    auto name = host->local ? kj::str("local:", host->number) : kj::heapString(host->address);
    for (unsigned point = 0; point < RING_POINTS_PER_HOST; ++point) {
      ring.add(hashOf(kj::str(name, "#", point)), host->index);
    }
  }
  std::sort(ring.begin(), ring.end());
}

HostPool::~HostPool() noexcept(false) {
  for (auto& host: hosts) {
    if (host->pid > 0) {
      kill(host->pid, SIGKILL);
      waitpid(host->pid, nullptr, 0);
    }
  }
}

unsigned HostPool::size() const { return hosts.size(); }

unsigned HostPool::hostFor(kj::StringPtr worker) const {
  uint64_t point = hashOf(worker);
  auto it = std::lower_bound(ring.begin(), ring.end(), std::make_pair(point, 0u));
  return (it == ring.end() ? ring.begin() : it)->second;
}

unsigned HostPool::sessionHostFor(kj::StringPtr worker, kj::StringPtr binding,
                                  kj::StringPtr id) const {
  return hostFor(kj::str(worker, "\x1f", binding, "\x1f", id));
}

pid_t HostPool::localPid(unsigned index) const {
  return index < hosts.size() ? hosts[index]->pid : -1;
}

void HostPool::spawn(Host& host) {
  auto path = host.address.slice(strlen("unix:"));
  unlink(path.begin());
  auto budget = kj::str(options.isolateMemoryBudgetMib);  // no allocating after fork
  auto data = hostDataFolder(options.dataFolder, host.number);
  pid_t parent = getpid();
  pid_t pid = fork();
  KJ_SYSCALL(pid);
  if (pid == 0) {
    // A host never outlives its front end.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    execl(options.shoalBinary.cStr(), options.shoalBinary.cStr(), "host", "--listen",
          host.address.cStr(), "--data", data.cStr(),
          "--isolate-memory-budget", budget.cStr(), nullptr);
    perror("shoal serve: starting a host");
    _exit(127);
  }
  host.pid = pid;
}

kj::Promise<void> HostPool::start() {
  PlacedSessions placed;
  if (options.localHosts > 0) {
    placed = placeSessionFiles(
        options.dataFolder,
        [this](kj::StringPtr worker, kj::StringPtr binding,
               kj::StringPtr id) -> kj::Maybe<unsigned> {
          auto& host = *hosts[sessionHostFor(worker, binding, id)];
          if (!host.local) return nullptr;
          return host.number;
        },
        [this](kj::StringPtr worker) { return versions.liveVersion(worker) != nullptr; });
    if (placed.moved > 0) {
      fprintf(stderr, "shoal serve: moved %u sessions to the folders of their hosts\n",
              placed.moved);
    }
    if (placed.remote > 0) {
      fprintf(stderr,
              "shoal serve: %u sessions here are placed on remote hosts, which cannot "
              "reach their files; left where they are\n",
              placed.remote);
    }
  }
  kj::Vector<kj::Promise<void>> connected;
  for (auto& host: hosts) {
    if (host->inProcess) continue;
    if (host->local) spawn(*host);
    connected.add(connect(*host).then([this, &host = *host]() {
      tasks.add(supervise(host));
    }));
  }
  return kj::joinPromises(connected.releaseAsArray())
      .then([this, alarms = kj::mv(placed.alarms)]() {
        for (auto& alarm: alarms) {
          KJ_IF_MAYBE(version, versions.liveVersion(alarm.worker)) {
            for (auto& host: hosts) {
              if (host->local && host->number == alarm.host) {
                tasks.add(ensureLoaded(*host, alarm.worker, *version).ignoreResult());
              }
            }
          }
        }
      });
}

kj::Promise<void> HostPool::connect(Host& host) {
  // KJ spells unix sockets "unix:PATH" and TCP addresses plainly.
  kj::StringPtr address = host.address;
  if (address.startsWith("tcp:")) address = address.slice(strlen("tcp:"));
  return io.provider->getNetwork()
      .parseAddress(address)
      .then([](kj::Own<kj::NetworkAddress> address) {
        return address->connect().attach(kj::mv(address));
      })
      .then([this, &host](kj::Own<kj::AsyncIoStream> stream) {
        host.stream = kj::heap<ReadAheadStream>(kj::mv(stream), RPC_READ_AHEAD_BYTES);
        host.rpc = kj::heap<capnp::TwoPartyClient>(*host.stream);
        rpc::IsolateHost::Client client = host.rpc->bootstrap().castAs<rpc::IsolateHost>();
        // Its sessions' events come back here to be placed.
        auto setRouter = client.setRouterRequest();
        setRouter.setRouter(kj::heap<Router>(*this));
        auto routerSet = setRouter.send().ignoreResult();
        host.giveSink(client);
        // Answered once: the host is up and serving.
        return routerSet.then([client]() mutable { return client.statsRequest().send(); })
            .ignoreResult()
            .then([&host, client]() mutable { host.client = kj::mv(client); });
      })
      .catch_([this, &host](kj::Exception&&) {
        // Not listening yet (starting) or unreachable (remote): try again shortly. A local
        // host that died before it listened is started again, more slowly.
        host.rpc = nullptr;
        host.stream = nullptr;
        host.sink = nullptr;
        host.sinkClient = nullptr;
        auto delay = RECONNECT_DELAY;
        int status;
        if (host.local && host.pid > 0 && waitpid(host.pid, &status, WNOHANG) == host.pid) {
          fprintf(stderr, "shoal serve: host %u exited while starting (status %d); retrying\n",
                  host.index, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
          host.pid = -1;
          delay = RESPAWN_DELAY;
        }
        return io.provider->getTimer().afterDelay(delay).then([this, &host]() {
          if (host.local && host.pid < 0) {
            ++host.restarts;
            spawn(host);
          }
          return connect(host);
        });
      });
}

kj::Promise<void> HostPool::supervise(Host& host) {
  return host.rpc->onDisconnect().then([this, &host]() {
    // Everything the host held is gone with it; requests now fail fast until it is back.
    auto previouslyLoaded = kj::heapArrayBuilder<kj::String>(host.loads.size());
    for (auto& entry: host.loads) previouslyLoaded.add(kj::heapString(entry.key));
    host.client = nullptr;
    host.sink = nullptr;
    host.sinkClient = nullptr;
    host.loads.clear();
    fprintf(stderr, "shoal serve: host %u (%s) disconnected; %s\n", host.index,
            host.address.cStr(), host.local ? "restarting it" : "reconnecting");
    // Let the RPC machinery finish with the connection before it is destroyed.
    return kj::evalLater([this, &host, loaded = previouslyLoaded.finish()]() mutable {
      host.rpc = nullptr;
      host.stream = nullptr;
      if (host.local) {
        if (host.pid > 0) {
          kill(host.pid, SIGKILL);
          waitpid(host.pid, nullptr, 0);
        }
        ++host.restarts;
        spawn(host);
      }
      return connect(host).then([this, &host, loaded = kj::mv(loaded)]() {
        fprintf(stderr, "shoal serve: host %u is back\n", host.index);
        // Give it back the versions it held, so the next requests find them warm.
        for (auto& key: loaded) {
          auto at = KJ_ASSERT_NONNULL(key.findLast('@'));
          tasks.add(ensureLoaded(host, kj::heapString(key.slice(0, at)), key.slice(at + 1))
                        .ignoreResult());
        }
        return supervise(host);
      });
    });
  });
}

kj::Promise<kj::String> HostPool::ensureLoaded(Host& host, kj::StringPtr worker,
                                               kj::StringPtr version) {
  auto key = keyOf(worker, version);
  KJ_IF_MAYBE(load, host.loads.find(key)) return load->addBranch().then(errorOf);
  KJ_IF_MAYBE(client, host.client) {
    auto request = client->loadRequest();
    KJ_IF_MAYBE(gate, versions.fillVersion(worker, version, request.initVersion())) {
      request.setSubrequests(kj::mv(*gate));
    } else {
      return kj::str("no such worker version: ", worker, " ", version);
    }
    auto forked = request.send()
                      .then([](capnp::Response<rpc::IsolateHost::LoadResults> result) {
                        return kj::refcounted<LoadOutcome>(kj::str(result.getError()));
                      })
                      .fork();
    auto branch = forked.addBranch().then(errorOf);
    host.loads.insert(kj::mv(key), kj::mv(forked));
    return branch;
  }
  return KJ_EXCEPTION(DISCONNECTED, "host is restarting");
}

kj::Promise<kj::String> HostPool::tryLoad(kj::StringPtr worker, kj::StringPtr version) {
  auto& host = *hosts[hostFor(worker)];
  return ensureLoaded(host, worker, version).then([&host, key = keyOf(worker, version)](
                                                      kj::String error) {
    // A failed load is not cached: the same version id may be tried again.
    if (error.size() > 0) host.loads.erase(key);
    return kj::mv(error);
  });
}

kj::Promise<capnp::Response<rpc::IsolateHost::RunResults>> HostPool::run(
    kj::FunctionParam<void(rpc::RunTask::Builder)> fill) {
  for (unsigned tried = 0; tried < hosts.size(); ++tried) {
    auto& host = *hosts[nextRunHost];
    nextRunHost = (nextRunHost + 1) % hosts.size();
    KJ_IF_MAYBE(client, host.client) {
      auto request = client->runRequest();
      fill(request.initTask());
      return request.send();
    }
  }
  return KJ_EXCEPTION(DISCONNECTED, "every isolate host is restarting");
}

void HostPool::unload(kj::StringPtr worker, kj::StringPtr version) {
  auto& host = *hosts[hostFor(worker)];
  host.loads.erase(keyOf(worker, version));
  KJ_IF_MAYBE(client, host.client) {
    auto request = client->unloadRequest();
    request.setWorker(worker);
    request.setVersion(version);
    tasks.add(request.send().ignoreResult().catch_([](kj::Exception&&) {
      // The host is gone, and the version with it.
    }));
  }
}

kj::Promise<DispatchOutcome> HostPool::dispatch(kj::StringPtr worker, kj::StringPtr version,
                                                WorkerRequest request,
                                                kj::Maybe<kj::AsyncInputStream&> bodyStream,
                                                size_t bodyLimit,
                                                kj::Maybe<rpc::WebSocketPeer::Client> clientSocket) {
  auto& host = *hosts[hostFor(worker)];
  auto start = kj::systemPreciseMonotonicClock().now();
  return dispatchOnce(host, worker, version, kj::mv(request), bodyStream, bodyLimit,
                      kj::mv(clientSocket), true)
      .then([&host, start](DispatchOutcome outcome) {
        unsigned status = outcome.failureStatus;
        KJ_IF_MAYBE(response, outcome.response) status = response->status;
        host.record(kj::systemPreciseMonotonicClock().now() - start, status);
        return kj::mv(outcome);
      });
}

kj::Promise<DispatchOutcome> HostPool::dispatchOnce(
    Host& host, kj::StringPtr worker, kj::StringPtr version, WorkerRequest request,
    kj::Maybe<kj::AsyncInputStream&> bodyStream, size_t bodyLimit,
    kj::Maybe<rpc::WebSocketPeer::Client> clientSocket, bool mayRetry) {
  auto failed = [&host](unsigned status, kj::String why) {
    DispatchOutcome outcome;
    outcome.failureStatus = status;
    outcome.failure = kj::mv(why);
    outcome.host = host.index;
    return outcome;
  };
  if (host.client == nullptr) {
    return failed(503, kj::str("host ", host.index, " is restarting; try again shortly"));
  }
  // The dispatch goes right behind the load, not after its answer: a host runs the calls of
  // one connection in order (Cap'n Proto's E-order), so a cold start costs one round trip.
  auto loaded = ensureLoaded(host, worker, version);
  auto send = [this, &host, failed, worker = kj::heapString(worker),
               version = kj::heapString(version), request = kj::mv(request), bodyStream,
               bodyLimit, clientSocket = kj::mv(clientSocket),
               mayRetry]() mutable -> kj::Promise<DispatchOutcome> {
        auto& client = KJ_REQUIRE_NONNULL(host.client, "host disconnected");
        auto& sink = KJ_REQUIRE_NONNULL(host.sink, "host disconnected");
        // A big response arrives through the host's shared sink, possibly before the call
        // returns. (The sink stays alive while this waits: its capability is held here.)
        auto streamed = sink.expect();
        uint64_t sinkId = streamed.first;
        auto forget = kj::defer([&sink, sinkId, keep = KJ_ASSERT_NONNULL(host.sinkClient)]() {
          sink.forget(sinkId);
        });
        auto viaSink = kj::mv(streamed.second);
        // Without a streaming body the host returns only after sending a big response
        // through the sink: take it from there. With one, it returns at once.
        bool bodyStreams = bodyStream != nullptr;
        kj::Maybe<kj::Promise<DispatchOutcome>> sunkAfterReturn;
        if (bodyStreams) sunkAfterReturn = kj::mv(viaSink);
        auto call = client.dispatchRequest(messageSize(request, worker.size() + version.size()));
        call.setWorker(worker);
        call.setVersion(version);
        call.setSinkId(sinkId);
        KJ_IF_MAYBE(socket, clientSocket) call.setClientSocket(*socket);
        auto out = call.initRequest();
        toRpc(request, out);
        out.setBodyStreams(bodyStream != nullptr);
        auto returned = call.send().then(
            [this, &host, failed, worker = kj::mv(worker), version = kj::mv(version),
             request = kj::mv(request), bodyStream, bodyLimit,
             clientSocket = kj::mv(clientSocket), mayRetry,
             sunkAfterReturn = kj::mv(sunkAfterReturn)](
                capnp::Response<rpc::IsolateHost::DispatchResults> result) mutable
            -> kj::Promise<DispatchOutcome> {
              if (result.getNotLoaded()) {
                host.loads.erase(keyOf(worker, version));
                if (!mayRetry) return failed(503, kj::str("the worker could not be loaded"));
                return dispatchOnce(host, worker, version, kj::mv(request), bodyStream,
                                    bodyLimit, kj::mv(clientSocket), false);
              }
              if (result.hasResponse()) {
                DispatchOutcome outcome;
                auto response = result.getResponse();
                outcome.response = fromRpc(response);
                if (response.hasWebSocket()) outcome.webSocket = response.getWebSocket();
                outcome.host = host.index;
                return kj::mv(outcome);
              }
              KJ_IF_MAYBE(from, bodyStream) {
                // The worker reads the body as it comes, and may answer before it has all
                // come (an echo streams both ways at once): the body goes on flowing with
                // the response's, until that ends. A body past the limit before the
                // response is a 413.
                auto pumped = pumpToByteStream(*from, result.getRequestBody(), bodyLimit)
                                  .eagerlyEvaluate(nullptr)
                                  .fork();
                auto tooLarge = pumped.addBranch().then(
                    []() -> kj::Promise<DispatchOutcome> { return kj::NEVER_DONE; },
                    [failed](kj::Exception&& e) -> kj::Promise<DispatchOutcome> {
                      if (strstr(e.getDescription().cStr(), "too large") != nullptr) {
                        return failed(413, kj::str("request body too large"));
                      }
                      return kj::NEVER_DONE;  // the worker sees its body cut off
                    });
                auto sunk = KJ_ASSERT_NONNULL(kj::mv(sunkAfterReturn));
                return sunk.then([pumped = kj::mv(pumped)](DispatchOutcome outcome) mutable {
                             auto& body = KJ_ASSERT_NONNULL(outcome.bodyStream);
                             body = kj::mv(body).attach(pumped.addBranch().catch_(
                                 [](kj::Exception&&) {}));
                             return outcome;
                           })
                    .exclusiveJoin(kj::mv(tooLarge));
              }
              return kj::NEVER_DONE;  // the sink has, or will have, the response
            });
        if (bodyStreams) return returned.attach(kj::mv(forget));
        return returned.exclusiveJoin(kj::mv(viaSink)).attach(kj::mv(forget));
      };
  auto dispatched = kj::evalNow(send);
  return loaded
      .then([&host, failed, dispatched = kj::mv(dispatched), worker = kj::heapString(worker),
             version = kj::heapString(version)](
                kj::String error) mutable -> kj::Promise<DispatchOutcome> {
        if (error.size() > 0) {
          // The dispatch found nothing loaded; its answer is dropped with it.
          host.loads.erase(keyOf(worker, version));
          fprintf(stderr, "shoal serve: %s %s failed to start: %s\n", worker.cStr(),
                  version.cStr(), error.cStr());
          return failed(500, kj::str("the worker failed to start; its log says why"));
        }
        return kj::mv(dispatched);
      })
      .catch_([failed, &host](kj::Exception&& exception) {
        // The client gets a reference; the log gets the story.
        auto reference = kj::str(kj::systemPreciseCalendarClock().now() - kj::UNIX_EPOCH);
        fprintf(stderr, "shoal serve: host %u failed a request (reference %s): %s\n",
                host.index, reference.cStr(), exception.getDescription().cStr());
        return failed(502, kj::str("the worker's host failed; reference ", reference));
      });
}

kj::Promise<void> HostPool::routeSession(capnp::CallContext<rpc::SessionRouter::CallParams, rpc::SessionRouter::CallResults> context,
                                         bool mayRetry) {
  auto call = context.getParams().getCall();
  auto& host = *hosts[sessionHostFor(call.getWorker(), call.getBinding(), call.getId())];
  auto fail = [context](kj::StringPtr why) mutable {
    context.getResults().initReply().setError(why);
  };
  if (host.client == nullptr) {
    fail("the session's host is restarting; try again");
    return kj::READY_NOW;
  }
  auto worker = kj::str(call.getWorker());
  auto version = kj::str(call.getVersion());
  return ensureLoaded(host, worker, version)
      .then([this, context, &host, fail, worker = kj::mv(worker), version = kj::mv(version),
             mayRetry](kj::String error) mutable -> kj::Promise<void> {
        if (error.size() > 0) {
          host.loads.erase(keyOf(worker, version));
          fail("the worker failed to start on the session's host");
          return kj::READY_NOW;
        }
        auto& client = KJ_REQUIRE_NONNULL(host.client, "host disconnected");
        auto request = client.runSessionRequest();
        request.setCall(context.getParams().getCall());
        return request.send().then(
            [this, context, &host, fail, worker = kj::mv(worker), version = kj::mv(version),
             mayRetry](capnp::Response<rpc::IsolateHost::RunSessionResults> result) mutable
            -> kj::Promise<void> {
              if (result.getNotLoaded()) {
                host.loads.erase(keyOf(worker, version));
                if (mayRetry) return routeSession(context, false);
                fail("the worker could not be loaded on the session's host");
                return kj::READY_NOW;
              }
              context.getResults().setReply(result.getReply());
              return kj::READY_NOW;
            });
      })
      .catch_([fail](kj::Exception&& exception) mutable {
        KJ_LOG(WARNING, "session event failed", exception);
        fail("the session's host failed; try again");
      });
}

kj::Promise<kj::String> HostPool::scheduled(kj::StringPtr worker, kj::StringPtr version,
                                            kj::StringPtr cron, double scheduledTimeMs,
                                            bool mayRetry) {
  auto& host = *hosts[hostFor(worker)];
  if (host.client == nullptr) return kj::str("the worker's host is restarting");
  return ensureLoaded(host, worker, version)
      .then([this, &host, worker = kj::str(worker), version = kj::str(version),
             cron = kj::str(cron), scheduledTimeMs,
             mayRetry](kj::String error) mutable -> kj::Promise<kj::String> {
        if (error.size() > 0) {
          host.loads.erase(keyOf(worker, version));
          return kj::str("the worker failed to start: ", error);
        }
        auto& client = KJ_REQUIRE_NONNULL(host.client, "host disconnected");
        auto call = client.scheduledRequest();
        call.setWorker(worker);
        call.setVersion(version);
        call.setCron(cron);
        call.setScheduledTimeMs(scheduledTimeMs);
        return call.send().then(
            [this, &host, worker = kj::mv(worker), version = kj::mv(version),
             cron = kj::mv(cron), scheduledTimeMs,
             mayRetry](capnp::Response<rpc::IsolateHost::ScheduledResults> result) mutable
            -> kj::Promise<kj::String> {
              if (result.getNotLoaded()) {
                host.loads.erase(keyOf(worker, version));
                if (!mayRetry) return kj::str("the worker could not be loaded");
                return scheduled(worker, version, cron, scheduledTimeMs, false);
              }
              return kj::str(result.getError());
            });
      })
      .catch_([](kj::Exception&& exception) {
        return kj::str("the worker's host failed: ", exception.getDescription());
      });
}

kj::Promise<kj::String> HostPool::metrics() {
  kj::Vector<kj::Promise<kj::String>> perHost;
  for (auto& hostOwn: hosts) {
    auto& host = *hostOwn;
    auto label = kj::str("{host=\"", host.index, "\"}");
    kj::Vector<kj::String> lines;
    lines.add(kj::str("shoal_host_up", label, " ", host.client == nullptr ? 0 : 1));
    lines.add(kj::str("shoal_host_restarts_total", label, " ", host.restarts));
    lines.add(kj::str("shoal_requests_total", label, " ", host.requests));
    lines.add(kj::str("shoal_request_errors_total", label, " ", host.errors));
    for (size_t i = 0; i < BUCKET_COUNT; ++i) {
      lines.add(kj::str("shoal_request_duration_seconds_bucket{host=\"", host.index,
                        "\",le=\"", LATENCY_BUCKETS[i], "\"} ", host.buckets[i]));
    }
    lines.add(kj::str("shoal_request_duration_seconds_bucket{host=\"", host.index,
                      "\",le=\"+Inf\"} ", host.requests));
    lines.add(kj::str("shoal_request_duration_seconds_sum", label, " ", host.latencySum));
    lines.add(kj::str("shoal_request_duration_seconds_count", label, " ", host.requests));
    auto text = kj::strArray(lines, "\n");
    KJ_IF_MAYBE(client, host.client) {
      perHost.add(client->statsRequest()
                      .send()
                      .then([text = kj::mv(text), label = kj::mv(label), index = host.index](
                                capnp::Response<rpc::IsolateHost::StatsResults> result) {
                        auto stats = result.getStats();
                        auto limit = [&](kj::StringPtr name, uint64_t hits) {
                          return kj::str("\nshoal_limit_exceeded_total{host=\"", index,
                                         "\",limit=\"", name, "\"} ", hits);
                        };
                        return kj::str(text, "\nshoal_live_isolates", label, " ",
                                       stats.getLiveIsolates(), "\nshoal_cold_starts_total",
                                       label, " ", stats.getColdStarts(),
                                       limit("cpu", stats.getCpuLimitHits()),
                                       limit("memory", stats.getMemoryLimitHits()),
                                       limit("wall_time", stats.getWallLimitHits()),
                                       limit("subrequests", stats.getSubrequestLimitHits()),
                                       limit("timers", stats.getTimerLimitHits()),
                                       limit("concurrency", stats.getConcurrencyLimitHits()),
                                       limit("console", stats.getConsoleLimitHits()),
                                       "\nshoal_isolate_evictions_total", label, " ",
                                       stats.getEvictions(),
                                       "\nshoal_isolate_compactions_total", label, " ",
                                       stats.getCompactions(), "\nshoal_sandboxes_total",
                                       label, " ", stats.getSandboxes(), "\nshoal_runs_total",
                                       label, " ", stats.getRuns(), "\n");
                      })
                      .catch_([text = kj::heapString(text)](kj::Exception&&) {
                        return kj::str(text, "\n");
                      }));
    } else {
      perHost.add(kj::str(text, "\n"));
    }
  }
  return kj::joinPromises(perHost.releaseAsArray())
      .then([](kj::Array<kj::String> parts) {
        return kj::str(
            "# TYPE shoal_host_up gauge\n"
            "# TYPE shoal_host_restarts_total counter\n"
            "# TYPE shoal_requests_total counter\n"
            "# TYPE shoal_request_errors_total counter\n"
            "# TYPE shoal_request_duration_seconds histogram\n"
            "# TYPE shoal_live_isolates gauge\n"
            "# TYPE shoal_cold_starts_total counter\n"
            "# TYPE shoal_limit_exceeded_total counter\n"
            "# TYPE shoal_isolate_evictions_total counter\n"
            "# TYPE shoal_isolate_compactions_total counter\n"
            "# TYPE shoal_sandboxes_total counter\n"
            "# TYPE shoal_runs_total counter\n",
            kj::strArray(parts, ""));
      });
}

}  // namespace shoal
