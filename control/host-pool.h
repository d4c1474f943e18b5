// The isolate hosts the front end sends work to: local ones it starts and restarts
// (`shoal serve --hosts N`), and remote ones it connects to (`--host tcp:ADDR`), all
// over Cap'n Proto RPC. Picks a worker's host by consistent hashing on its name, and
// loads a worker version on its host before the first request that needs it.
#pragma once

#include <sys/types.h>

#include <utility>

#include <kj/async-io.h>
#include <kj/function.h>
#include <kj/map.h>
#include <kj/vector.h>

#include "control/host.capnp.h"
#include "control/session-files.h"
#include "runtime/worker.h"

namespace shoal {

// Supplies the code of a worker version, for loading it on a host.
class VersionSource {
 public:
  virtual ~VersionSource() noexcept(false) = default;
  // Fills `out` and returns the capability the version's fetch() and service calls go
  // through, holding its grants (control/subrequests.h), both from one reading of the
  // version; nullptr if the version does not exist (any more).
  virtual kj::Maybe<rpc::Subrequests::Client> fillVersion(kj::StringPtr worker,
                                                          kj::StringPtr version,
                                                          rpc::WorkerVersion::Builder out) = 0;
  // The version of `worker` that serves requests now; nullptr if it is not deployed. Asked
  // only when there are local hosts.
  virtual kj::Maybe<kj::StringPtr> liveVersion(kj::StringPtr worker) { return nullptr; }
};

struct HostPoolOptions {
  // A host held in this process (`shoal dev`): no socket, no supervision.
  kj::Maybe<rpc::IsolateHost::Client> inProcessHost;
  unsigned localHosts = 0;           // host processes to start and supervise
  kj::String socketDir;              // where their unix sockets live
  kj::String shoalBinary;            // the executable to start them with
  kj::Vector<kj::String> remoteHosts;  // "tcp:ADDR" or "unix:PATH" of hosts run elsewhere
  // Local host i keeps its sessions under hostDataFolder(dataFolder, i) (session-files.h).
  kj::String dataFolder;
  size_t isolateMemoryBudgetMib = 0;  // passed to local hosts; 0: none
};

// What became of a dispatched request.
struct DispatchOutcome {
  kj::Maybe<WorkerResponse> response;  // nullptr: see `failure`
  // When set, the response's body streams from here (and `response` is only the head).
  kj::Maybe<kj::Own<kj::AsyncInputStream>> bodyStream;
  // With a 101 response to an upgrade: the worker's end of the WebSocket.
  kj::Maybe<rpc::WebSocketPeer::Client> webSocket;
  unsigned failureStatus = 0;          // 4xx/5xx to answer when there is no response
  kj::String failure;                  // why, for the client and the log
  unsigned host = 0;                   // which host it went to
};

// Thread affinity: the thread of `io`'s event loop.
class HostPool {
 public:
  HostPool(kj::AsyncIoContext& io, VersionSource& versions, HostPoolOptions options);
  ~HostPool() noexcept(false);
  KJ_DISALLOW_COPY(HostPool);

  // Moves the session databases into the folders of the local hosts they are now placed on
  // (placeSessionFiles), starts the local hosts and connects to all; resolves once every
  // host answered once. Then loads, on each local host whose alarm index lists alarms of a
  // worker, that worker's live version, so its alarms fire without waiting for a request.
  // Throws (before starting any host) if the session databases cannot be placed.
  kj::Promise<void> start();

  // Loads a version on its host and reports the user's mistake, if any ("" if none).
  // Used to check an upload before it goes live.
  kj::Promise<kj::String> tryLoad(kj::StringPtr worker, kj::StringPtr version);

  // Runs `request` on the version, loading it first where needed. Fails fast (no
  // waiting for a host to come back) with a 502/503 outcome when its host is down. If
  // `bodyStream` is given, the request's body streams from it as the worker reads it (at
  // most `bodyLimit` bytes; more is a 413), going on while the response's body flows: it
  // must stay valid until the outcome's `bodyStream` is dropped. For a WebSocket upgrade,
  // `clientSocket` takes the worker's messages if it accepts.
  kj::Promise<DispatchOutcome> dispatch(
      kj::StringPtr worker, kj::StringPtr version, WorkerRequest request,
      kj::Maybe<kj::AsyncInputStream&> bodyStream = nullptr, size_t bodyLimit = 0,
      kj::Maybe<rpc::WebSocketPeer::Client> clientSocket = nullptr);

  // Runs the version's scheduled() handler for cron trigger `cron` on its host, loading it
  // first where needed. Resolves to what went wrong, or "" when it succeeded.
  kj::Promise<kj::String> scheduled(kj::StringPtr worker, kj::StringPtr version,
                                    kj::StringPtr cron, double scheduledTimeMs,
                                    bool mayRetry = true);

  // Runs a one-shot task (IsolateHost.run), written by `fill`, on the next host that is up,
  // round robin: a task belongs to no worker, so no host is its home. Fails with a
  // DISCONNECTED exception when none is up, or if its host fails meanwhile.
  kj::Promise<capnp::Response<rpc::IsolateHost::RunResults>> run(
      kj::FunctionParam<void(rpc::RunTask::Builder)> fill);

  // Drops a version from its host (requests in flight finish first).
  void unload(kj::StringPtr worker, kj::StringPtr version);

  // Prometheus text for every host: requests, errors, latency, isolates, cold starts.
  kj::Promise<kj::String> metrics();

  unsigned size() const;
  unsigned hostFor(kj::StringPtr worker) const;
  // The host session (worker, binding, id) lives on: its events run there, and a local
  // host keeps its database.
  unsigned sessionHostFor(kj::StringPtr worker, kj::StringPtr binding, kj::StringPtr id) const;

  // For tests and operators: the process id of local host `index`, or -1.
  pid_t localPid(unsigned index) const;

  struct Host;

 private:
  kj::AsyncIoContext& io;
  VersionSource& versions;
  HostPoolOptions options;
  kj::Vector<kj::Own<Host>> hosts;
  kj::Vector<std::pair<uint64_t, unsigned>> ring;  // (point, host index), sorted
  unsigned nextRunHost = 0;  // where run() tries first
  kj::TaskSet tasks;

  class ErrorHandler final : public kj::TaskSet::ErrorHandler {
    void taskFailed(kj::Exception&& exception) override;
  } errorHandler;

  kj::Promise<void> connect(Host& host);
  kj::Promise<void> supervise(Host& host);
  void spawn(Host& host);
  kj::Promise<kj::String> ensureLoaded(Host& host, kj::StringPtr worker, kj::StringPtr version);

  // Sessions are placed by (worker, binding, id) over all hosts; a host's stub calls come
  // here (rpc::SessionRouter) and go on to the session's host.
  class Router;
  friend class Router;
  class SharedSink;
  kj::Promise<void> routeSession(capnp::CallContext<rpc::SessionRouter::CallParams, rpc::SessionRouter::CallResults> context, bool mayRetry);
  kj::Promise<DispatchOutcome> dispatchOnce(Host& host, kj::StringPtr worker,
                                            kj::StringPtr version, WorkerRequest request,
                                            kj::Maybe<kj::AsyncInputStream&> bodyStream,
                                            size_t bodyLimit,
                                            kj::Maybe<rpc::WebSocketPeer::Client> clientSocket,
                                            bool mayRetry);
};

}  // namespace shoal
