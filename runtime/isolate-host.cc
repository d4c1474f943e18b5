#include "runtime/isolate-host.h"

#include <strings.h>

#include <cstdio>
#include <cstring>

#include <kj/debug.h>
#include <kj/map.h>

#include "runtime/body-pipe.h"
#include "runtime/host-rpc.h"
#include "runtime/idle-flush.h"
#include "runtime/memory-module-source.h"
#include "runtime/worker.h"

namespace shoal {

namespace {

// Prints a worker's console output (warnings and errors to stderr) and its uncaught
// errors, prefixed with its name. Lines to stdout leave once the event loop is idle;
// stderr's at once, after stdout's, so the two stay in order.
class PrefixedLog final : public WorkerLog {
 public:
  explicit PrefixedLog(kj::String prefix) : prefix(kj::mv(prefix)) {}

  void console(kj::StringPtr level, kj::StringPtr text) override {
    if (level == "error" || level == "warn") {
      printToStderr(kj::str("[", prefix, "] ", text, "\n"));
    } else {
      fprintf(stdout, "[%s] %s\n", prefix.cStr(), text.cStr());
      stdoutFlush.schedule();
    }
  }
  void uncaught(kj::StringPtr text) override {
    printToStderr(kj::str("[", prefix, "] uncaught ", text, "\n"));
  }

 private:
  kj::String prefix;
  IdleFlush stdoutFlush{stdout};

  void printToStderr(kj::StringPtr line) {
    fflush(stdout);
    fputs(line.cStr(), stderr);
    fflush(stderr);
  }
};

bool asksForWebSocket(const WorkerRequest& request) {
  for (auto& header: request.headers) {
    if (strcasecmp(header.name.cStr(), "upgrade") == 0 &&
        strcasecmp(header.value.cStr(), "websocket") == 0) {
      return true;
    }
  }
  return false;
}

// Sends what a worker says on an accepted WebSocket to the client, through the front end's
// end of the socket. A client already gone is no error: its close arrives separately.
class SocketOutlet final : public WebSocketOutlet {
 public:
  SocketOutlet(rpc::WebSocketPeer::Client peer, kj::TaskSet& tasks)
      : peer(kj::mv(peer)), tasks(tasks) {}

  void send(WebSocketMessage message) override {
    auto request = peer.sendRequest();
    auto out = request.initMessage();
    if (message.binary) {
      out.setBinary(message.data);
    } else {
      out.setText(kj::heapString(message.data.asChars()));
    }
    tasks.add(request.send().catch_([](kj::Exception&&) {}));
  }

  void close(uint16_t code, kj::StringPtr reason) override {
    auto request = peer.closeRequest();
    request.setCode(code);
    request.setReason(reason);
    tasks.add(request.send().ignoreResult().catch_([](kj::Exception&&) {}));
  }

 private:
  rpc::WebSocketPeer::Client peer;
  kj::TaskSet& tasks;
};

WebSocketMessage messageFromRpc(rpc::WebSocketMessage::Reader in) {
  WebSocketMessage message;
  message.binary = in.isBinary();
  message.data = message.binary ? kj::heapArray(in.getBinary())
                                : kj::heapArray(in.getText().asBytes());
  return message;
}

// On the caller's host: where a session's WebSocket messages arrive, held until the caller
// passes the socket on in its own 101 response and the host connects it to the client.
struct Junction final : public kj::Refcounted {
  struct Item {
    bool close;
    WebSocketMessage message;
    uint16_t code;
    kj::String reason;
  };
  kj::Maybe<kj::Own<WebSocketOutlet>> outlet;
  kj::Vector<Item> queued;

  void send(WebSocketMessage message) {
    KJ_IF_MAYBE(out, outlet) return (*out)->send(kj::mv(message));
    queued.add(Item{false, kj::mv(message), 0, nullptr});
  }
  void close(uint16_t code, kj::StringPtr reason) {
    KJ_IF_MAYBE(out, outlet) return (*out)->close(code, reason);
    queued.add(Item{true, {}, code, kj::str(reason)});
  }
  void connect(kj::Own<WebSocketOutlet> out) {
    for (auto& item: queued) {
      if (item.close) {
        out->close(item.code, item.reason);
      } else {
        out->send(kj::mv(item.message));
      }
    }
    queued.clear();
    outlet = kj::mv(out);
  }
};

class JunctionPeer final : public rpc::WebSocketPeer::Server {
 public:
  explicit JunctionPeer(kj::Own<Junction> junction) : junction(kj::mv(junction)) {}

 protected:
  kj::Promise<void> send(SendContext context) override {
    junction->send(messageFromRpc(context.getParams().getMessage()));
    return kj::READY_NOW;
  }
  kj::Promise<void> close(CloseContext context) override {
    junction->close(context.getParams().getCode(), context.getParams().getReason());
    return kj::READY_NOW;
  }

 private:
  kj::Own<Junction> junction;
};

// A session's WebSocket, answered from another host, as the caller's worker passes it on:
// the client's messages go straight to the session, the session's come through the
// junction. Dropping it drops the session's end, which then hears the connection was lost.
class RelayedSessionSocket final : public WorkerWebSocket {
 public:
  RelayedSessionSocket(rpc::WebSocketPeer::Client session, kj::Own<Junction> junction,
                       kj::TaskSet& tasks)
      : toSession(kj::mv(session), tasks), junction(kj::mv(junction)) {}

  void connect(kj::Own<WebSocketOutlet> outlet) override { junction->connect(kj::mv(outlet)); }
  void receive(WebSocketMessage message) override { toSession.send(kj::mv(message)); }
  void receiveClose(uint16_t code, kj::StringPtr reason) override {
    toSession.close(code, reason);
  }

 private:
  SocketOutlet toSession;  // the session's end: the client's messages go there
  kj::Own<Junction> junction;
};

// Sends a version's session events to the front end's router, which knows where each
// session is placed.
class RouterGateway final : public SessionRouting {
 public:
  RouterGateway(rpc::SessionRouter::Client router, kj::String worker, kj::String version,
                kj::TaskSet& tasks)
      : router(kj::mv(router)), worker(kj::mv(worker)), version(kj::mv(version)),
        tasks(tasks) {}

  kj::Promise<SessionOutcome> route(SessionEvent event) override {
    auto request = router.callRequest();
    auto call = request.initCall();
    fillCall(call, worker, version, event);
    kj::Maybe<kj::Own<Junction>> junction;
    // Bodies stream both ways: the request's from its bodySource, the response's into `pipe`.
    auto pipe = kj::refcounted<BodyPipe>();
    KJ_IF_MAYBE(fetch, event.request) {
      sendBodyStream(*fetch, call.getFetch());
      call.setResponseBody(newBodyFeed(kj::addRef(*pipe), SIZE_MAX));
      if (asksForWebSocket(*fetch)) {
        auto& made = junction.emplace(kj::refcounted<Junction>());
        call.setClientSocket(kj::heap<JunctionPeer>(kj::addRef(*made)));
      }
    }
    return request.send().then(
        [this, junction = kj::mv(junction), pipe = kj::mv(pipe)](
            capnp::Response<rpc::SessionRouter::CallResults> result) mutable {
          auto reply = result.getReply();
          auto outcome = outcomeOf(reply);
          KJ_IF_MAYBE(response, outcome.response) {
            if (reply.getResponse().getBodyStreams()) response->bodyStream = pipe->reader();
            KJ_IF_MAYBE(j, junction) {
              if (reply.getResponse().hasWebSocket()) {
                response->webSocket = kj::heap<RelayedSessionSocket>(
                    reply.getResponse().getWebSocket(), kj::mv(*j), tasks);
              }
            }
          }
          return outcome;
        });
  }

  static void fillCall(rpc::SessionCall::Builder call, kj::StringPtr worker,
                       kj::StringPtr version, const SessionEvent& event) {
    call.setWorker(worker);
    call.setVersion(version);
    call.setBinding(event.binding);
    call.setId(event.id);
    call.setName(event.name);
    switch (event.kind) {
      case SessionEvent::Kind::FETCH: {
        toRpc(KJ_ASSERT_NONNULL(event.request), call.initFetch());
        break;
      }
      case SessionEvent::Kind::RPC: call.setRpc(event.rpc); break;
      case SessionEvent::Kind::ALARM: call.setAlarm(); break;
    }
  }

  static SessionOutcome outcomeOf(rpc::SessionReply::Reader reply) {
    SessionOutcome outcome;
    switch (reply.which()) {
      case rpc::SessionReply::RESPONSE: outcome.response = fromRpc(reply.getResponse()); break;
      case rpc::SessionReply::RPC_RESULT: outcome.rpcResult = kj::heapArray(reply.getRpcResult()); break;
      case rpc::SessionReply::DONE: break;
      case rpc::SessionReply::ERROR: outcome.error = kj::str(reply.getError()); break;
    }
    return outcome;
  }

 private:
  rpc::SessionRouter::Client router;
  kj::String worker;
  kj::String version;
  kj::TaskSet& tasks;  // the host's: sends to sessions' sockets
};

// One loaded version. Refcounted so requests in flight keep it alive past an unload.

// Bodies up to this size travel inside one RPC; bigger ones stream, a chunk per call.
constexpr size_t INLINE_BODY_BYTES = 64 * 1024;
constexpr size_t STREAM_CHUNK_BYTES = 64 * 1024;

// Sends a version's subrequests to the capability the front end loaded it with, which
// holds its grants.
class SubrequestGateway final : public Subrequests {
 public:
  explicit SubrequestGateway(rpc::Subrequests::Client gate) : gate(kj::mv(gate)) {}

  kj::Promise<SubrequestOutcome> fetch(WorkerRequest request) override {
    auto call = gate.fetchRequest();
    toRpc(request, call.initRequest());
    sendBodyStream(request, call.getRequest());
    auto pipe = kj::refcounted<BodyPipe>();
    call.setResponseBody(newBodyFeed(kj::addRef(*pipe), SIZE_MAX));
    return call.send().then(
        [pipe = kj::mv(pipe)](capnp::Response<rpc::Subrequests::FetchResults> result) mutable {
          return outcomeOf(result.getReply(), *pipe);
        });
  }

  kj::Promise<SubrequestOutcome> service(kj::StringPtr binding, WorkerRequest request) override {
    auto call = gate.serviceRequest();
    call.setBinding(binding);
    toRpc(request, call.initRequest());
    sendBodyStream(request, call.getRequest());
    auto pipe = kj::refcounted<BodyPipe>();
    call.setResponseBody(newBodyFeed(kj::addRef(*pipe), SIZE_MAX));
    return call.send().then(
        [pipe = kj::mv(pipe)](capnp::Response<rpc::Subrequests::ServiceResults> result) mutable {
          return outcomeOf(result.getReply(), *pipe);
        });
  }

 private:
  rpc::Subrequests::Client gate;

  // The reply; a body that streams after it is read from `pipe` (the feed given with the
  // call writes to it), at the worker's pace.
  static SubrequestOutcome outcomeOf(rpc::SubrequestReply::Reader reply, BodyPipe& pipe) {
    auto outcome = fromRpc(reply);
    if (reply.isResponse() && reply.getResponse().getBodyStreams()) {
      KJ_ASSERT_NONNULL(outcome.response).bodyStream = pipe.reader();
    }
    return outcome;
  }
};

struct LoadedVersion final : public kj::Refcounted {
  kj::Maybe<kj::Own<RouterGateway>> routing;  // before `worker`, which uses it
  kj::Maybe<kj::Own<SubrequestGateway>> subrequests;  // likewise
  PrefixedLog log;  // before `worker`: the worker logs until it is destroyed
  kj::Own<Worker> worker;
  kj::TimePoint lastUsed = kj::origin<kj::TimePoint>();
  size_t memoryBytes = 0;  // as last measured
  size_t compactedBytes = 0;  // memoryBytes right after the last compaction; 0: none yet
  bool inBudget = true;    // still loaded, so counted in the host's loadedBytes
  EventLimitHits limitHits;  // the worker's counts, as last added to the host's
  uint64_t sandboxesMade = 0;  // likewise

  explicit LoadedVersion(kj::String prefix) : log(kj::mv(prefix)) {}
};

// The worker's end of a WebSocket it accepted, for the client's messages. Keeps the worker
// loaded while the socket is open.
class WorkerSocketPeer final : public rpc::WebSocketPeer::Server {
 public:
  WorkerSocketPeer(kj::Own<LoadedVersion> entry, kj::Own<WorkerWebSocket> socket)
      : entry(kj::mv(entry)), socket(kj::mv(socket)) {}

 protected:
  kj::Promise<void> send(SendContext context) override {
    socket->receive(messageFromRpc(context.getParams().getMessage()));
    return kj::READY_NOW;
  }

  kj::Promise<void> close(CloseContext context) override {
    auto params = context.getParams();
    socket->receiveClose(params.getCode(), params.getReason());
    return kj::READY_NOW;
  }

 private:
  kj::Own<LoadedVersion> entry;      // first: destroyed after `socket`, which uses its worker
  kj::Own<WorkerWebSocket> socket;
};

// Bodies up to this size travel inside the dispatch call; bigger ones stream.

// Isolates a host keeps ready for cold starts (each about 1.6 MiB).
constexpr size_t WARM_ISOLATES = 8;

// Making a warm isolate takes ~3.5 ms of the thread (from the startup snapshot; ~7 ms
// before it), during which nothing else runs on it: made as soon as one was taken, it held
// up the very request that took it, whose dispatch follows its load by a millisecond or
// two. So the pool refills once no request has begun for this long. A burst of cold starts
// can empty it; each then builds its own isolate. Shorter than a cold start that builds
// one (~4 ms), or back-to-back cold starts never leave room to refill (at 5 ms: client
// p50 4.2-5.5 ms instead of 1.5-1.6, bench/density --count 500).
constexpr kj::Duration WARM_REFILL_QUIET = 2 * kj::MILLISECONDS;

// An isolate compacted once is compacted again only after growing by this much. (Its next
// request alone commits a new-space page: 256 KiB, as memoryBytes() counts.)
constexpr size_t COMPACTION_MIN_GROWTH = 512 * 1024;

// While requests keep coming (one began within COMPACTION_QUIET), compaction takes at most
// 1/COMPACTION_BUSY_SHARE of the thread; on a quiet host, half. Each one stalls whatever
// arrives meanwhile: taking a third of the thread while cold starts streamed in, it made
// them 1.2-2x slower at p50 and 1.5x at p99 (bench/density, 3,000 workers, alternating
// runs); at a tenth the difference was within the noise.
constexpr kj::Duration COMPACTION_QUIET = 20 * kj::MILLISECONDS;
constexpr int COMPACTION_BUSY_SHARE = 10;

// Bigger isolates are never compacted: the collection stops every isolate on the thread
// for as long as it takes, ~4 ms for an idle hello world (memoryBytes() ~2.3 MiB), 10-30 ms
// at 8-15 MiB, 160 ms at 120 MiB (measured on a loaded 2-core machine).
constexpr size_t COMPACTION_MAX_BYTES = 16 << 20;

constexpr kj::Duration STRIKE_WINDOW = 10 * kj::SECONDS;
constexpr kj::Duration FIRST_COOLDOWN = 250 * kj::MILLISECONDS;
constexpr kj::Duration MAX_COOLDOWN = 30 * kj::SECONDS;

kj::String keyOf(kj::StringPtr worker, kj::StringPtr version) {
  return kj::str(worker, "@", version);
}

void fillHead(rpc::Response::Builder out, const WorkerResponse& response) {
  out.setStatus(response.status);
  out.setStatusText(response.statusText);
  auto headers = out.initHeaders(response.headers.size());
  for (auto i: kj::indices(response.headers)) {
    headers[i].setName(response.headers[i].name);
    headers[i].setValue(response.headers[i].value);
  }
}

// Writes `body` to `stream` in chunks, each waiting for Cap'n Proto's flow control.
kj::Promise<void> writeChunks(rpc::ByteStream::Client stream, kj::Array<kj::byte> body,
                              size_t offset) {
  if (offset >= body.size()) return stream.endRequest().send().ignoreResult();
  auto request = stream.writeRequest();
  size_t end = kj::min(body.size(), offset + STREAM_CHUNK_BYTES);
  request.setBytes(body.slice(offset, end));
  return request.send().then([stream, body = kj::mv(body), end]() mutable {
    return writeChunks(kj::mv(stream), kj::mv(body), end);
  });
}

// A response through the sink (as `id`, when it is the shared one): head, then body
// (whole, or as it streams).
kj::Promise<void> sendThroughSink(rpc::ResponseSink::Client sink, uint64_t id,
                                  WorkerResponse response) {
  // A whole body's length is known: the front end frames it with that, not chunked. (A 204
  // or 304 has no body to frame, and says no length.)
  bool bodiless = response.status == 204 || response.status == 304;
  if (response.bodyStream == nullptr && !bodiless) {
    kj::Vector<HttpHeader> headers;  // in their order: repeated ones (Set-Cookie) stay so
    for (auto& header: response.headers) {
      if (strcasecmp(header.name.cStr(), "content-length") != 0) headers.add(kj::mv(header));
    }
    headers.add(HttpHeader{kj::str("content-length"), kj::str(response.body.size())});
    response.headers = kj::mv(headers);
  }
  auto request = sink.respondRequest();
  fillHead(request.initResponse(), response);
  request.setId(id);
  return request.send().then(
      [body = kj::mv(response.body), bodyStream = kj::mv(response.bodyStream)](
          capnp::Response<rpc::ResponseSink::RespondResults> result) mutable -> kj::Promise<void> {
        KJ_IF_MAYBE(stream, bodyStream) {
          auto& from = **stream;
          return pumpToByteStream(from, result.getBody(), SIZE_MAX).attach(kj::mv(*stream));
        }
        return writeChunks(result.getBody(), kj::mv(body), 0);
      });
}

// Keeps a one-shot task's console output and uncaught reports for its outcome, up to
// RunLimits::LOG_LINES lines; later ones are only counted.
class RunLog final : public WorkerLog {
 public:
  void console(kj::StringPtr level, kj::StringPtr text) override { add(level, text); }
  void uncaught(kj::StringPtr text) override { add("uncaught", text); }

  void fill(rpc::RunOutcome::Builder out) {
    auto lines = out.initLogs(this->lines.size());
    for (auto i: kj::indices(this->lines)) {
      lines[i].setLevel(this->lines[i].level);
      lines[i].setText(this->lines[i].text);
    }
    out.setLogsDropped(dropped);
  }

 private:
  struct Line {
    kj::String level;
    kj::String text;
  };
  kj::Vector<Line> lines;
  uint32_t dropped = 0;

  void add(kj::StringPtr level, kj::StringPtr text) {
    if (lines.size() >= RunLimits::LOG_LINES) {
      ++dropped;
      return;
    }
    lines.add(Line{kj::str(level), kj::str(text)});
  }
};

// A one-shot task's isolate, with the log it writes to until it is destroyed.
struct RunSandbox {
  RunLog log;  // before `worker`, which logs until it is destroyed
  kj::Own<Worker> worker;
};

// What a one-shot task came to, before it goes into a RunOutcome.
struct TaskAnswer {
  kj::Maybe<WorkerResponse> response;  // a fetch() task's, its body whole
  kj::Maybe<kj::String> result;        // a run(input) task's JSON
  kj::StringPtr errorKind;             // else: RunError.kind
  kj::String message;
  kj::String stack;
};

TaskAnswer taskError(kj::StringPtr kind, kj::String message, kj::String stack = nullptr) {
  return TaskAnswer{nullptr, nullptr, kind, kj::mv(message), kj::mv(stack)};
}

// An uncaught exception as the glue describes it, "file:line:col: stack" or its stack alone:
// its first line is the message.
TaskAnswer uncaughtError(kj::String text) {
  auto message = kj::str(text);
  KJ_IF_MAYBE(newline, text.findFirst('\n')) message = kj::str(text.slice(0, *newline));
  return taskError("uncaught", kj::mv(message), kj::mv(text));
}

// A task's limits: its own, cut to RunLimits' maxima, else RunLimits' defaults. The host
// times the task's wall time itself (IsolateHostImpl::run), so the worker's own is the most
// a task may ask for and never fires first.
WorkerLimits runLimits(rpc::Limits::Reader asked) {
  WorkerLimits limits;
  limits.cpuPerEvent = asked.getCpuPerEventMs() == 0
                           ? RunLimits::DEFAULT_CPU
                           : kj::min(asked.getCpuPerEventMs() * kj::MILLISECONDS,
                                     RunLimits::MAX_CPU);
  // A task is one event: its modules get the same CPU time as its handler.
  limits.cpuStartup = limits.cpuPerEvent;
  limits.heapBytes = asked.getHeapMib() == 0
                         ? RunLimits::DEFAULT_HEAP_BYTES
                         : kj::max(RunLimits::MIN_HEAP_BYTES,
                                   kj::min(size_t(asked.getHeapMib()) << 20,
                                           RunLimits::MAX_HEAP_BYTES));
  limits.wallPerRequest = RunLimits::MAX_WALL;
  return limits;
}

kj::Duration runWallTime(rpc::Limits::Reader asked) {
  if (asked.getWallPerRequestMs() == 0) return RunLimits::DEFAULT_WALL;
  return kj::min(asked.getWallPerRequestMs() * kj::MILLISECONDS, RunLimits::MAX_WALL);
}

// The RunError.kind of a task whose modules did not load, from the Worker's message.
kj::StringPtr loadErrorKind(kj::StringPtr message) {
  if (strstr(message.cStr(), ": cpu_limit_exceeded:") != nullptr) return "cpu_limit_exceeded";
  if (strstr(message.cStr(), ": memory_limit_exceeded") != nullptr) {
    return "memory_limit_exceeded";
  }
  // V8's compile errors, "file:line:col: SyntaxError: ..." (a module that throws a
  // SyntaxError of its own at start-up is counted as one too).
  if (strstr(message.cStr(), ": SyntaxError: ") != nullptr) return "syntax_error";
  return "startup_error";
}

uint64_t microsSince(kj::TimePoint start) {
  return (kj::systemPreciseMonotonicClock().now() - start) / kj::MICROSECONDS;
}

class IsolateHostImpl final : public rpc::IsolateHost::Server,
                              public IsolateSupply,
                              private kj::TaskSet::ErrorHandler {
 public:
  IsolateHostImpl(V8System& system, kj::Timer& timer, IsolateHostOptions options)
      : system(system), timer(timer), options(kj::mv(options)), tasks(*this) {
    refillWarm();
  }

 protected:
  kj::Promise<void> load(LoadContext context) override {
    auto params = context.getParams();
    auto version = params.getVersion();
    auto key = keyOf(version.getWorker(), version.getVersion());
    if (loaded.find(key) != nullptr) return kj::READY_NOW;

    MemoryModuleSource modules;
    for (auto module: version.getModules()) modules.add(module.getPath(), module.getSource());
    modules.setDisplayPrefix(version.getDisplayPrefix());
    WorkerConfig config{kj::str(version.getWorker()), kj::str(version.getMainModule()), {}, {}};
    for (auto var: version.getVars()) {
      config.vars.add(HttpHeader{kj::str(var.getName()), kj::str(var.getValue())});
    }
    auto limits = version.getLimits();
    if (limits.getCpuPerEventMs() > 0) {
      config.limits.cpuPerEvent = limits.getCpuPerEventMs() * kj::MILLISECONDS;
    }
    if (limits.getCpuStartupMs() > 0) {
      config.limits.cpuStartup = limits.getCpuStartupMs() * kj::MILLISECONDS;
    }
    if (limits.getHeapMib() > 0) config.limits.heapBytes = size_t(limits.getHeapMib()) << 20;
    if (limits.getWallPerRequestMs() > 0) {
      config.limits.wallPerRequest = limits.getWallPerRequestMs() * kj::MILLISECONDS;
    }
    if (limits.getSubrequests() > 0) {
      config.limits.subrequestsPerRequest = limits.getSubrequests();
    }
    if (limits.getTimersPerEvent() > 0) config.limits.timersPerEvent = limits.getTimersPerEvent();
    if (limits.getConsoleKibPerEvent() > 0) {
      config.limits.consoleBytesPerEvent = size_t(limits.getConsoleKibPerEvent()) << 10;
    }
    if (limits.getConcurrentRequests() > 0) {
      config.limits.concurrentRequests = limits.getConcurrentRequests();
    }
    for (auto service: version.getServices()) config.services.add(kj::str(service.getBinding()));
    for (auto loader: version.getLoaders()) config.loaders.add(kj::str(loader));
    config.isolateSupply = *this;
    for (auto session: version.getSessions()) {
      config.sessions.add(SessionBinding{kj::str(session.getBinding()),
                                         kj::str(session.getClassName())});
    }
    config.sessionsFolder = kj::str(options.dataFolder, "/sessions/", version.getWorker());
    auto entry = kj::refcounted<LoadedVersion>(kj::str(version.getWorker()));
    KJ_IF_MAYBE(r, router) {
      auto gateway = kj::heap<RouterGateway>(*r, kj::str(version.getWorker()),
                                             kj::str(version.getVersion()), tasks);
      config.sessionRouting = *gateway;
      entry->routing = kj::mv(gateway);
    }
    if (params.hasSubrequests()) {
      auto gateway = kj::heap<SubrequestGateway>(params.getSubrequests());
      config.subrequests = *gateway;
      entry->subrequests = kj::mv(gateway);
    }

    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      // A cold start from the pool runs only the worker's own modules.
      auto isolate = take(config.limits.heapBytes);
      entry->worker = kj::heap<Worker>(kj::mv(isolate), modules, kj::mv(config), entry->log);
    })) {
      context.getResults().setError(exception->getDescription());
      return kj::READY_NOW;
    }
    ++coldStarts;
    entry->lastUsed = lastRequest = timer.now();
    entry->memoryBytes = entry->worker->memoryBytes();
    loadedBytes += entry->memoryBytes;
    loaded.insert(kj::heapString(key), kj::mv(entry));
    evictOverBudget(key);
    scheduleCompaction(options.idleCompaction);
    return kj::READY_NOW;
  }

  kj::Promise<void> dispatch(DispatchContext context) override {
    auto params = context.getParams();
    auto key = keyOf(params.getWorker(), params.getVersion());
    KJ_IF_MAYBE(reason, coolingDown(params.getWorker())) {
      return refuse(context, kj::str(*reason, ": cooling down after repeated limit hits"));
    }
    kj::Own<LoadedVersion> entry;
    KJ_IF_MAYBE(found, use(key)) {
      entry = kj::mv(*found);
    } else {
      context.getResults().setNotLoaded(true);
      return kj::READY_NOW;
    }

    auto in = params.getRequest();
    auto request = requestHeadFromRpc(in);
    // Without a sink of its own, the response goes (if big) through the shared one.
    rpc::ResponseSink::Client sink =
        params.hasSink() ? params.getSink()
                         : KJ_REQUIRE_NONNULL(sharedSink, "a dispatch without a sink before setSink");
    auto sinkId = params.getSinkId();
    auto name = kj::str(params.getWorker());  // params are released below
    kj::Maybe<rpc::WebSocketPeer::Client> clientSocket;
    if (params.hasClientSocket()) clientSocket = params.getClientSocket();

    if (in.getBodyStreams()) {
      // Answer at once with a stream for the body, and run the handler: it reads the body
      // as it comes, and its response goes through the sink (perhaps before the body ends).
      auto pipe = kj::refcounted<BodyPipe>();
      request.bodyStream = pipe->reader();
      auto bodyLimit = entry->worker->config().limits.requestBodyBytes;
      context.getResults().setRequestBody(newBodyFeed(kj::mv(pipe), bodyLimit));
      context.releaseParams();
      tasks.add(entry->worker->fetch(kj::mv(request))
                    .then([this, sink, sinkId, name = kj::mv(name), &entry = *entry](
                              WorkerResponse response) mutable {
                      count(name, entry, response);
                      return sendThroughSink(sink, sinkId, kj::mv(response));
                    })
                    .attach(kj::mv(entry)));
      return kj::READY_NOW;
    }

    if (in.getHasBody()) request.body = kj::heapArray(in.getBody());
    context.releaseParams();
    auto& worker = *entry->worker;
    return worker.fetch(kj::mv(request))
        .then([this, context, sink, sinkId, name = kj::mv(name), &entry = *entry,
               clientSocket = kj::mv(clientSocket)](
                  WorkerResponse response) mutable -> kj::Promise<void> {
          count(name, entry, response);
          KJ_IF_MAYBE(socket, response.webSocket) {
            KJ_IF_MAYBE(client, clientSocket) {
              // Accepted: the worker's messages go to the client, the client's come back in.
              (*socket)->connect(kj::heap<SocketOutlet>(kj::mv(*client), tasks));
              auto out = context.getResults().initResponse();
              toRpc(response, out);
              out.setWebSocket(kj::heap<WorkerSocketPeer>(kj::addRef(entry), kj::mv(*socket)));
              return kj::READY_NOW;
            }
            entry.log.uncaught("the worker answered with a WebSocket (101), but the request "
                               "was not a WebSocket upgrade");
            response = WorkerResponse{500, kj::str("Internal Server Error"), {},
                                      kj::heapArray("Internal Server Error"_kj.asBytes())};
          }
          if (response.body.size() > INLINE_BODY_BYTES || response.bodyStream != nullptr) {
            return sendThroughSink(sink, sinkId, kj::mv(response));
          }
          toRpc(response, context.getResults(messageSize(response)).initResponse());
          return kj::READY_NOW;
        })
        .attach(kj::mv(entry));
  }

  kj::Promise<void> run(RunContext context) override {
    ++runs;
    auto started = kj::systemPreciseMonotonicClock().now();
    lastRequest = timer.now();
    auto task = context.getParams().getTask();
    // No subrequests, sessions or bindings: the sandbox reaches nothing.
    WorkerConfig config{kj::str("task"), kj::str(task.getMainModule()), {},
                        runLimits(task.getLimits())};
    auto wallTime = runWallTime(task.getLimits());
    MemoryModuleSource modules;
    for (auto module: task.getModules()) modules.add(module.getPath(), module.getSource());
    auto sandbox = kj::heap<RunSandbox>();
    KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
      auto isolate = take(config.limits.heapBytes);
      sandbox->worker = kj::heap<Worker>(kj::mv(isolate), modules, kj::mv(config), sandbox->log);
    })) {
      auto message = exception->getDescription();
      auto answer = taskError(loadErrorKind(message), kj::str(message));
      auto out = context.getResults().initOutcome();
      fillOutcome(out, answer, sandbox->log);
      out.setStartMicros(microsSince(started));
      return kj::READY_NOW;
    }
    auto startMicros = microsSince(started);
    auto running = kj::systemPreciseMonotonicClock().now();
    auto& worker = *sandbox->worker;
    kj::Promise<TaskAnswer> answer = nullptr;
    if (task.isInput()) {
      answer = worker.run(task.getInput()).then([](RunResult result) {
        KJ_IF_MAYBE(json, result.json) return TaskAnswer{nullptr, kj::mv(*json), nullptr, {}, {}};
        if (result.errorKind == "uncaught") return uncaughtError(kj::mv(result.error));
        return taskError(result.errorKind, kj::mv(result.error));
      });
    } else {
      auto request = requestFromRpc(task.getRequest());
      answer = worker.fetch(kj::mv(request)).then([&worker](WorkerResponse response) {
        return answerOf(worker, kj::mv(response));
      });
    }
    context.releaseParams();
    auto tooLong = timer.afterDelay(wallTime).then([wallTime]() {
      return taskError("wall_time_limit_exceeded",
                       kj::str("the task took more than ", wallTime / kj::MILLISECONDS, " ms"));
    });
    return answer.exclusiveJoin(kj::mv(tooLong))
        .then([](TaskAnswer answer) {
          // Only once this step is over are the worker's promises for the task (its entry
          // among those pending, its timers) gone: the worker goes in the next.
          return answer;
        })
        .then([this, context, sandbox = kj::mv(sandbox), startMicros,
               running](TaskAnswer answer) mutable {
          auto runMicros = microsSince(running);
          if (answer.errorKind == "cpu_limit_exceeded") ++cpuLimitHits;
          if (answer.errorKind == "memory_limit_exceeded") ++memoryLimitHits;
          if (answer.errorKind == "wall_time_limit_exceeded") ++wallLimitHits;
          auto out = context.getResults().initOutcome();
          fillOutcome(out, answer, sandbox->log);
          out.setStartMicros(startMicros);
          out.setRunMicros(runMicros);
          retire(kj::mv(sandbox));
        });
  }

  // Destroys a task's isolate once the answer is on its way: a timer fires only after the
  // work that is ready (sending the answer among it) is done. Disposing an isolate takes
  // ~0.4 ms; nothing else of the task remains, and nothing of it is reused.
  void retire(kj::Own<RunSandbox> sandbox) {
    tasks.add(timer.afterDelay(0 * kj::MILLISECONDS).then([sandbox = kj::mv(sandbox)]() mutable {
      sandbox->worker = nullptr;
    }));
  }

  // A fetch() task's response as its answer: limit hits and exceptions become errors, and a
  // body that streams is read whole.
  static kj::Promise<TaskAnswer> answerOf(Worker& worker, WorkerResponse response) {
    KJ_IF_MAYBE(reason, worker.brokenReason()) {
      return taskError(*reason, kj::str("the task exceeded its limit of ",
                                        *reason == "cpu_limit_exceeded"
                                            ? kj::str(worker.config().limits.cpuPerEvent /
                                                      kj::MILLISECONDS, " ms of CPU time")
                                            : kj::str(worker.config().limits.heapBytes >> 20,
                                                      " MiB of heap")));
    }
    KJ_IF_MAYBE(text, response.uncaught) return uncaughtError(kj::mv(*text));
    if (response.webSocket != nullptr) {
      return taskError("uncaught", kj::str("a task cannot accept a WebSocket (its fetch() "
                                           "answered 101)"));
    }
    KJ_IF_MAYBE(stream, response.bodyStream) {
      auto& body = **stream;
      return body.readAllBytes(RunLimits::RESPONSE_BYTES + 1)
          .then(
              [response = kj::mv(response)](kj::Array<kj::byte> bytes) mutable {
                response.bodyStream = nullptr;
                response.body = kj::mv(bytes);
                return TaskAnswer{kj::mv(response), nullptr, nullptr, {}, {}};
              },
              [&worker](kj::Exception&& exception) {
                // KJ's readAllBytes fails so past its limit.
                if (strstr(exception.getDescription().cStr(), "Reached limit") != nullptr) {
                  return taskError("response_too_large",
                                   kj::str("the task's response body is bigger than ",
                                           RunLimits::RESPONSE_BYTES >> 20, " MiB"));
                }
                // Else cut short: by a limit hit while it streamed, or by the task's stream.
                KJ_IF_MAYBE(reason, worker.brokenReason()) {
                  return taskError(*reason, kj::str("the task exceeded its limit while its "
                                                    "response body streamed"));
                }
                return taskError("uncaught", kj::str("the task's response body failed midway"));
              });
    }
    if (response.body.size() > RunLimits::RESPONSE_BYTES) {
      return taskError("response_too_large", kj::str("the task's response body is bigger than ",
                                                     RunLimits::RESPONSE_BYTES >> 20, " MiB"));
    }
    return TaskAnswer{kj::mv(response), nullptr, nullptr, {}, {}};
  }

  static void fillOutcome(rpc::RunOutcome::Builder out, TaskAnswer& answer, RunLog& log) {
    KJ_IF_MAYBE(response, answer.response) {
      toRpc(*response, out.initResponse());
    } else KJ_IF_MAYBE(json, answer.result) {
      out.setResult(*json);
    } else {
      auto error = out.initError();
      error.setKind(answer.errorKind);
      error.setMessage(answer.message);
      if (answer.stack != nullptr) error.setStack(answer.stack);
    }
    log.fill(out);
  }

  // A warm isolate from the pool when it has one with room for that heap limit (it is
  // lowered to it), else a new one.
  kj::Own<WarmIsolate> take(size_t heapBytes) override {
    if (heapBytes <= WorkerLimits().heapBytes && !warm.empty()) {
      auto isolate = kj::mv(warm.back());
      warm.removeLast();
      refillWarm();
      return isolate;
    }
    return Worker::prepare(system, timer, heapBytes);
  }

  // Keeps WARM_ISOLATES isolates made ahead of demand, one at a time between other work
  // (a timer, not evalLater, so the I/O waiting meanwhile goes first), once the host has
  // been quiet for WARM_REFILL_QUIET.
  void refillWarm() {
    if (refilling || warm.size() >= WARM_ISOLATES) return;
    refilling = true;
    tasks.add(refillWhenQuiet());
  }

  kj::Promise<void> refillWhenQuiet() {
    auto quietAt = kj::max(lastRequest + WARM_REFILL_QUIET, timer.now() + 1 * kj::MILLISECONDS);
    return timer.atTime(quietAt).then([this]() -> kj::Promise<void> {
      if (timer.now() - lastRequest < WARM_REFILL_QUIET) return refillWhenQuiet();
      refilling = false;
      warm.add(Worker::prepare(system, timer));
      refillWarm();
      return kj::READY_NOW;
    });
  }

  // Compacts the first loaded isolate that is due: idle (no request in flight, none begun
  // for options.idleCompaction), grown by COMPACTION_MIN_GROWTH since its last compaction
  // (or never compacted), and no bigger than COMPACTION_MAX_BYTES. Then waits, so that
  // requests in between go first and compaction keeps to its share of the thread
  // (COMPACTION_BUSY_SHARE); or, if none is due, until the next is. O(loaded) per
  // compaction; TODO(perf): a queue by lastUsed.
  void compactIdle() {
    compactionScheduled = false;
    auto now = timer.now();
    kj::Maybe<kj::TimePoint> nextDue;
    for (auto& slot: loaded) {
      auto& entry = *slot.value;
      if (!entry.inBudget || entry.isShared() || entry.worker->isBroken() ||
          entry.memoryBytes < entry.compactedBytes + COMPACTION_MIN_GROWTH ||
          entry.memoryBytes > COMPACTION_MAX_BYTES) {
        continue;
      }
      auto due = entry.lastUsed + options.idleCompaction;
      if (due > now) {
        KJ_IF_MAYBE(soonest, nextDue) {
          if (due < *soonest) *soonest = due;
        } else {
          nextDue = due;
        }
        continue;
      }
      auto& clock = kj::systemPreciseMonotonicClock();
      auto started = clock.now();
      entry.worker->compactMemory();
      auto took = clock.now() - started;
      ++compactions;
      auto bytes = entry.worker->memoryBytes();
      loadedBytes = loadedBytes - entry.memoryBytes + bytes;
      entry.memoryBytes = bytes;
      entry.compactedBytes = bytes;
      bool busy = now - lastRequest < COMPACTION_QUIET;
      scheduleCompaction(kj::max(1 * kj::MILLISECONDS,
                                 took * (busy ? COMPACTION_BUSY_SHARE - 1 : 1)));
      return;
    }
    KJ_IF_MAYBE(due, nextDue) scheduleCompaction(*due - now);
  }

  void scheduleCompaction(kj::Duration delay) {
    if (compactionScheduled || options.idleCompaction == 0 * kj::SECONDS) return;
    compactionScheduled = true;
    tasks.add(timer.afterDelay(delay).then([this]() { compactIdle(); }));
  }

  void taskFailed(kj::Exception&& exception) override {
    KJ_LOG(ERROR, "streamed request failed", exception);
  }

  // After each request: counters, the isolate's memory as it is now, and limit hits. A
  // limit hit is the isolate's state, not what the worker answered (it could answer
  // "cpu_limit_exceeded" itself).
  void count(kj::StringPtr worker, LoadedVersion& entry, const WorkerResponse& response) {
    ++requests;
    if (response.status >= 500) ++errors;
    if (entry.inBudget && !entry.worker->isBroken()) {
      auto bytes = entry.worker->memoryBytes();
      loadedBytes = loadedBytes - entry.memoryBytes + bytes;
      entry.memoryBytes = bytes;
      scheduleCompaction(options.idleCompaction);
    }
    auto hits = entry.worker->eventLimitHits();
    subrequestLimitHits += hits.subrequests - entry.limitHits.subrequests;
    timerLimitHits += hits.timers - entry.limitHits.timers;
    concurrencyLimitHits += hits.concurrency - entry.limitHits.concurrency;
    consoleLimitHits += hits.console - entry.limitHits.console;
    entry.limitHits = hits;
    auto made = entry.worker->sandboxesMade();
    sandboxes += made - entry.sandboxesMade;
    entry.sandboxesMade = made;
    KJ_IF_MAYBE(reason, entry.worker->brokenReason()) {
      if (*reason == "cpu_limit_exceeded") ++cpuLimitHits;
      if (*reason == "memory_limit_exceeded") ++memoryLimitHits;
      strike(worker, kj::str(*reason));
    } else if (response.status == 503 &&
               response.body.asChars() == "wall_time_limit_exceeded"_kj.asArray()) {
      ++wallLimitHits;
    }
  }

  // A worker whose isolates are stopped at the CPU or memory limit is refused for a while
  // instead of run (IsolateHostOptions::coolDownRepeatOffenders): every stop stalls its
  // neighbours on this thread for up to the limit. The refusal lasts FIRST_COOLDOWN,
  // doubling for each further stop within STRIKE_WINDOW, up to MAX_COOLDOWN.
  struct Strikes {
    unsigned count = 0;
    kj::TimePoint last;
    kj::TimePoint until;
    kj::String reason;
  };

  void strike(kj::StringPtr worker, kj::String reason) {
    if (!options.coolDownRepeatOffenders) return;
    auto now = timer.now();
    auto& strikes = this->strikes.findOrCreate(worker, [&]() {
      return kj::HashMap<kj::String, Strikes>::Entry{kj::str(worker), Strikes{0, now, now, {}}};
    });
    strikes.count = now - strikes.last < STRIKE_WINDOW ? strikes.count + 1 : 1;
    strikes.last = now;
    strikes.reason = kj::mv(reason);
    auto cooldown = FIRST_COOLDOWN * (1u << kj::min(strikes.count - 1, 7u));
    strikes.until = now + kj::min(cooldown, MAX_COOLDOWN);
  }

  kj::Maybe<kj::StringPtr> coolingDown(kj::StringPtr worker) {
    KJ_IF_MAYBE(strikes, this->strikes.find(worker)) {
      if (timer.now() < strikes->until) return strikes->reason.asPtr();
    }
    return nullptr;
  }

  kj::Promise<void> refuse(DispatchContext context, kj::String reason) {
    ++requests;
    ++errors;
    auto out = context.getResults().initResponse();
    out.setStatus(503);
    out.setStatusText("Service Unavailable");
    out.setBody(reason.asBytes());
    return kj::READY_NOW;
  }

  kj::Promise<void> setRouter(SetRouterContext context) override {
    router = context.getParams().getRouter();
    return kj::READY_NOW;
  }

  kj::Promise<void> setSink(SetSinkContext context) override {
    sharedSink = context.getParams().getSink();
    return kj::READY_NOW;
  }

  kj::Promise<void> runSession(RunSessionContext context) override {
    auto call = context.getParams().getCall();
    auto key = keyOf(call.getWorker(), call.getVersion());
    kj::Own<LoadedVersion> entry;
    KJ_IF_MAYBE(found, use(key)) {
      entry = kj::mv(*found);
    } else {
      context.getResults().setNotLoaded(true);
      return kj::READY_NOW;
    }
    SessionEvent event;
    event.binding = kj::str(call.getBinding());
    event.id = kj::str(call.getId());
    event.name = kj::str(call.getName());
    kj::Maybe<rpc::ByteStream::Client> responseBody;
    switch (call.which()) {
      case rpc::SessionCall::FETCH: {
        event.kind = SessionEvent::Kind::FETCH;
        event.request = requestFromRpc(call.getFetch());
        if (call.hasResponseBody()) responseBody = call.getResponseBody();
        break;
      }
      case rpc::SessionCall::RPC:
        event.kind = SessionEvent::Kind::RPC;
        event.rpc = kj::heapArray(call.getRpc());
        break;
      case rpc::SessionCall::ALARM: event.kind = SessionEvent::Kind::ALARM; break;
    }
    kj::Maybe<rpc::WebSocketPeer::Client> clientSocket;
    if (call.hasClientSocket()) clientSocket = call.getClientSocket();
    context.releaseParams();
    auto& worker = *entry->worker;
    return worker.runSession(kj::mv(event))
        .then([this, context, clientSocket = kj::mv(clientSocket), &entry = *entry,
               responseBody = kj::mv(responseBody)](SessionOutcome outcome) mutable {
          auto reply = context.getResults().initReply();
          KJ_IF_MAYBE(error, outcome.error) {
            reply.setError(*error);
          } else KJ_IF_MAYBE(response, outcome.response) {
            KJ_IF_MAYBE(socket, response->webSocket) {
              KJ_IF_MAYBE(client, clientSocket) {
                // The session accepted a WebSocket: its messages go back to the caller's
                // host, and the caller's client's come in here.
                (*socket)->connect(kj::heap<SocketOutlet>(kj::mv(*client), tasks));
                auto out = reply.initResponse();
                toRpc(*response, out);
                out.setWebSocket(kj::heap<WorkerSocketPeer>(kj::addRef(entry), kj::mv(*socket)));
                return;
              }
              reply.setError("the session answered with a WebSocket (101), but the request was "
                             "not a WebSocket upgrade");
              return;
            }
            auto out = reply.initResponse();
            toRpc(*response, out);
            KJ_IF_MAYBE(stream, response->bodyStream) {
              // Streams on to the caller's host, after the reply, at the caller's pace.
              auto& to = KJ_REQUIRE_NONNULL(responseBody, "a streaming session response needs "
                                                          "the caller's responseBody");
              out.setBodyStreams(true);
              auto& from = **stream;
              tasks.add(pumpToByteStream(from, kj::mv(to), SIZE_MAX).attach(kj::mv(*stream)));
            }
          } else if (outcome.rpcResult.size() > 0) {
            reply.setRpcResult(outcome.rpcResult);
          } else {
            reply.setDone();
          }
        })
        .attach(kj::mv(entry));
  }

  kj::Promise<void> scheduled(ScheduledContext context) override {
    auto params = context.getParams();
    kj::Own<LoadedVersion> entry;
    KJ_IF_MAYBE(found, use(keyOf(params.getWorker(), params.getVersion()))) {
      entry = kj::mv(*found);
    } else {
      context.getResults().setNotLoaded(true);
      return kj::READY_NOW;
    }
    auto cron = kj::str(params.getCron());
    auto scheduledTime = params.getScheduledTimeMs();
    context.releaseParams();
    auto& worker = *entry->worker;
    return worker.scheduled(cron, scheduledTime)
        .then([context](kj::Maybe<kj::String> error) mutable {
          KJ_IF_MAYBE(text, error) context.getResults().setError(*text);
        })
        .attach(kj::mv(entry));
  }

  kj::Promise<void> unload(UnloadContext context) override {
    auto params = context.getParams();
    drop(keyOf(params.getWorker(), params.getVersion()));
    return kj::READY_NOW;
  }

  // The loaded version `key`, marked used now; nothing if it is not loaded or was stopped
  // at a limit (then it is dropped: the front end loads a fresh isolate and retries).
  kj::Maybe<kj::Own<LoadedVersion>> use(kj::StringPtr key) {
    KJ_IF_MAYBE(found, loaded.find(key)) {
      if ((*found)->worker->isBroken()) {
        drop(key);
        return nullptr;
      }
      (*found)->lastUsed = lastRequest = timer.now();
      return kj::addRef(**found);
    }
    return nullptr;
  }

  void drop(kj::StringPtr key) {
    KJ_IF_MAYBE(entry, loaded.find(key)) {
      loadedBytes -= (*entry)->memoryBytes;
      (*entry)->inBudget = false;
    }
    loaded.erase(key);
  }

  // Drops least recently used versions (never `keep`, just loaded) until the loaded
  // isolates fit the budget. O(loaded) per drop; TODO(perf): an LRU list for 100k.
  void evictOverBudget(kj::StringPtr keep) {
    if (options.isolateMemoryBudget == 0) return;
    while (loadedBytes > options.isolateMemoryBudget && loaded.size() > 1) {
      LoadedVersion* oldest = nullptr;
      kj::StringPtr oldestKey;
      for (auto& entry: loaded) {
        if (entry.key == keep) continue;
        if (oldest == nullptr || entry.value->lastUsed < oldest->lastUsed) {
          oldest = entry.value.get();
          oldestKey = entry.key;
        }
      }
      if (oldest == nullptr) break;
      drop(kj::heapString(oldestKey));
      ++evictions;
    }
  }

  kj::Promise<void> stats(StatsContext context) override {
    auto stats = context.getResults().initStats();
    stats.setLiveIsolates(loaded.size());
    stats.setEvictions(evictions);
    stats.setColdStarts(coldStarts);
    stats.setRequests(requests);
    stats.setErrors(errors);
    stats.setCpuLimitHits(cpuLimitHits);
    stats.setMemoryLimitHits(memoryLimitHits);
    stats.setWallLimitHits(wallLimitHits);
    stats.setSubrequestLimitHits(subrequestLimitHits);
    stats.setTimerLimitHits(timerLimitHits);
    stats.setConcurrencyLimitHits(concurrencyLimitHits);
    stats.setConsoleLimitHits(consoleLimitHits);
    stats.setSandboxes(sandboxes);
    stats.setRuns(runs);
    stats.setCompactions(compactions);
    return kj::READY_NOW;
  }

 private:
  V8System& system;
  kj::Timer& timer;
  IsolateHostOptions options;
  kj::Maybe<rpc::SessionRouter::Client> router;  // set by the front end in shoal serve
  kj::Maybe<rpc::ResponseSink::Client> sharedSink;  // set by the front end (setSink)
  kj::HashMap<kj::String, kj::Own<LoadedVersion>> loaded;  // "worker@version"
  uint64_t coldStarts = 0;
  uint64_t requests = 0;
  uint64_t errors = 0;
  uint64_t cpuLimitHits = 0;
  uint64_t memoryLimitHits = 0;
  uint64_t wallLimitHits = 0;
  uint64_t subrequestLimitHits = 0;
  uint64_t timerLimitHits = 0;
  uint64_t concurrencyLimitHits = 0;
  uint64_t consoleLimitHits = 0;
  uint64_t sandboxes = 0;
  uint64_t runs = 0;
  uint64_t evictions = 0;
  uint64_t compactions = 0;
  size_t loadedBytes = 0;  // sum of the loaded versions' memoryBytes
  kj::HashMap<kj::String, Strikes> strikes;  // by worker name
  kj::Vector<kj::Own<WarmIsolate>> warm;      // made ahead, for cold starts
  bool refilling = false;
  bool compactionScheduled = false;
  kj::TimePoint lastRequest = kj::origin<kj::TimePoint>();  // last load, dispatch or session event
  kj::TaskSet tasks;  // handlers of streamed requests, refills of `warm`, compaction
};

}  // namespace

kj::Own<rpc::IsolateHost::Server> newIsolateHost(V8System& system, kj::Timer& timer,
                                                 IsolateHostOptions options) {
  return kj::heap<IsolateHostImpl>(system, timer, kj::mv(options));
}

}  // namespace shoal
