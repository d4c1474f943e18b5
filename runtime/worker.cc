#include "runtime/worker.h"

#include <cmath>
#include <cstring>
#include <set>
#include <tuple>
#include <utility>

#include <kj/debug.h>
#include <kj/map.h>
#include <v8.h>

#include "runtime/array-buffer-budget.h"
#include "runtime/body-pipe.h"
#include "runtime/bootstrap-source.h"
#include "runtime/bootstrap.h"
#include "runtime/frozen-clock.h"
#include "runtime/sandboxes.h"
#include "runtime/session-natives.h"
#include "runtime/source-map.h"
#include "runtime/startup-snapshot.h"
#include "runtime/v8-system.h"

namespace shoal {

namespace {

// Appends the segments of `path` to `parts`, applying "." and "..". False if ".." climbs
// above the root.
bool appendSegments(kj::StringPtr path, kj::Vector<kj::String>& parts) {
  while (path.size() > 0) {
    size_t end = path.size();
    KJ_IF_MAYBE(slash, path.findFirst('/')) end = *slash;
    auto segment = kj::heapString(path.slice(0, end));
    path = end < path.size() ? path.slice(end + 1) : kj::StringPtr("");
    if (segment == "" || segment == ".") continue;
    if (segment == "..") {
      if (parts.empty()) return false;
      parts.removeLast();
    } else {
      parts.add(kj::mv(segment));
    }
  }
  return true;
}

// Where the import `specifier` in module `referrer` points: a normalized path under the
// worker's root, or nullptr if it is not a relative import or climbs out of the root.
kj::Maybe<kj::String> resolveImport(kj::StringPtr referrer, kj::StringPtr specifier) {
  if (!specifier.startsWith("./") && !specifier.startsWith("../") &&
      !specifier.startsWith("/")) {
    return nullptr;
  }
  kj::Vector<kj::String> parts;
  if (!specifier.startsWith("/")) {
    KJ_IF_MAYBE(slash, referrer.findLast('/')) {
      appendSegments(kj::heapString(referrer.slice(0, *slash)), parts);
    }
  }
  if (!appendSegments(specifier, parts) || parts.empty()) return nullptr;
  return kj::strArray(parts, "/");
}

// The most a read of a body arriving from the host hands JavaScript at once.
constexpr size_t INBOUND_CHUNK_BYTES = 64 * 1024;

// Where a warm isolate's output goes before a worker adopts it: nowhere (the warm-up
// prints nothing).
class NullLog final : public WorkerLog {
 public:
  void console(kj::StringPtr, kj::StringPtr) override {}
  void uncaught(kj::StringPtr) override {}
} nullLog;

}  // namespace

class Worker::Impl final : public NativeHost {
 private:
  // One event's share of the limits that span its asynchronous work: a request, the timers
  // it set and the subrequests it made count against one budget. Held by whatever may run
  // JavaScript on the event's behalf later.
  struct EventContext final : public kj::Refcounted {
    unsigned serviceDepth = 0;  // of the request
    size_t subrequests = 0;
    bool subrequestLimitHit = false;
    size_t timers = 0;  // pending
    bool timerLimitHit = false;
    bool startup = false;  // the worker's modules evaluating: no I/O yet
    kj::String requestId;  // the request's (WorkerRequest::requestId); empty for others
    size_t consoleBytes = 0;  // console output so far
    // Bodies arriving for this event (InboundBody), dropped when it ends.
    Impl* owner = nullptr;
    kj::Vector<uint32_t> inboundBodies;
    ~EventContext() noexcept(false) {
      for (auto id: inboundBodies) owner->inboundBodies.erase(id);
    }
  };

  // A body arriving from the host, which JavaScript reads a chunk at a time (native.bodyRead):
  // a request's, or a subrequest's response. It lasts as long as the event it came to, as
  // I/O objects do in Workers: a body left unread when its event ends is dropped, and the
  // sender sees it refused.
  struct InboundBody {
    InboundBody(kj::Own<kj::AsyncInputStream> stream, EventContext& event)
        : stream(kj::mv(stream)), event(event) {}
    kj::Maybe<kj::Own<kj::AsyncInputStream>> stream;  // nullptr once ended or canceled
    EventContext& event;  // outlives this: its end erases this
    kj::Canceler reading;  // the read under way, stopped before the stream goes
  };

  struct PendingRequest {
    kj::Own<kj::PromiseFulfiller<WorkerResponse>> fulfiller;
    kj::Own<EventContext> event;
  };

  // Enters the isolate and the worker's context, with a handle scope.
  // Entering also freezes the clock JavaScript sees (runtime/frozen-clock.h).
  struct JsScope {
    explicit JsScope(Impl& impl)
        : frozen((freezeClock(), true)),
          isolateScope(impl.isolate),
          handleScope(impl.isolate),
          context(impl.context.Get(impl.isolate)),
          contextScope(context) {}
    bool frozen;
    v8::Isolate::Scope isolateScope;
    v8::HandleScope handleScope;
    v8::Local<v8::Context> context;
    v8::Context::Scope contextScope;
  };

 public:
  // Makes the isolate from the startup snapshot, whose default context has the Web API
  // bootstrapped (runtime/startup-snapshot.h): everything that does not depend on which
  // worker will live here.
  Impl(V8System& system, kj::Timer& timer, size_t heapBytes)
      : system(system),
        timer(timer),
        log(&nullLog),
        sessionNatives(),
        startupEvent(kj::refcounted<EventContext>()),
        currentEvent(startupEvent.get()),
        tasks(kj::heap<kj::TaskSet>(taskErrors)) {
    startupEvent->startup = true;
    config.limits.heapBytes = heapBytes;
    v8::Isolate::CreateParams params;
    auto& snapshot = workerSnapshot(system);
    params.snapshot_blob = const_cast<v8::StartupData*>(&snapshot.blob);  // V8 only reads it
    params.external_references = snapshot.externalReferences.begin();
    // ArrayBuffers count against a budget the size of the heap limit.
    arrayBuffers = newBudgetedAllocator(heapBytes);
    params.array_buffer_allocator = arrayBuffers.get();
    params.constraints.set_max_old_generation_size_in_bytes(heapBytes);
    isolate = v8::Isolate::New(params);
    isolate->SetData(0, this);
    isolate->SetData(NATIVE_HOST_SLOT, static_cast<NativeHost*>(this));
    isolate->SetData(SESSION_NATIVES_SLOT, &sessionNatives);
    isolate->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);
    isolate->AddNearHeapLimitCallback(&Impl::onNearHeapLimit, this);
    isolate->SetPromiseRejectCallback(&Impl::onPromiseReject);
    // WebAssembly compiled from bytes made at run time is code from data, like eval:
    // refused. (Workers may one day upload .wasm modules, checked before they go live.)
    isolate->SetAllowWasmCodeGenerationCallback(
        [](v8::Local<v8::Context>, v8::Local<v8::String>) { return false; });

    v8::Isolate::Scope isolateScope(isolate);
    v8::HandleScope handleScope(isolate);
    auto newContext = v8::Context::New(isolate);
    // Workers may not generate code from strings: eval, new Function, and WebAssembly
    // compiled from bytes at run time all throw. (The snapshot's context has it too; this
    // does not depend on that.)
    newContext->AllowCodeGenerationFromStrings(false);
    context.Reset(isolate, newContext);
  }

  // Finds the bootstrap's hooks in the context and gives it what must differ per isolate.
  // Separate from the constructor so that a failure here still disposes the isolate.
  void bootstrap() {
    JsScope scope(*this);
    // No SharedArrayBuffer: with a worker thread it makes a precise timer. (V8 adds it to
    // each context made from a snapshot, so the snapshot cannot have it deleted.)
    scope.context->Global()->Delete(scope.context, toV8(isolate, "SharedArrayBuffer")).Check();
    auto internalObject =
        scope.context->GetDataFromSnapshotOnce<v8::Object>(SNAPSHOT_INTERNAL_INDEX)
            .ToLocalChecked();
    internal.Reset(isolate, internalObject);
    KJ_ASSERT(!getFunction(internalObject, "resetTimeOrigin")
                   ->Call(scope.context, v8::Undefined(isolate), 0, nullptr)
                   .IsEmpty());
    sharedExternal = bootstrapSourceBytes();
    handleFetch.Reset(isolate, getFunction(internalObject, "handleFetch"));
    noop.Reset(isolate, getFunction(internalObject, "noop"));
  }

  // Makes this isolate the worker's: its configuration, its log, its modules run.
  void adopt(WorkerConfig newConfig, WorkerLog& newLog, ModuleSource& modules) {
    KJ_REQUIRE(newConfig.limits.heapBytes <= config.limits.heapBytes,
               "a warm isolate's heap limit can be lowered, not raised");
    if (newConfig.limits.heapBytes < config.limits.heapBytes) {
      // Removing the near-limit callback with a limit lowers V8's to it (never below what
      // is live, plus a quarter); the callback then watches the new one.
      isolate->RemoveNearHeapLimitCallback(&Impl::onNearHeapLimit, newConfig.limits.heapBytes);
      isolate->AddNearHeapLimitCallback(&Impl::onNearHeapLimit, this);
      lowerBudget(*arrayBuffers, newConfig.limits.heapBytes);
    }
    config = kj::mv(newConfig);
    log = &newLog;
    sessionNatives.configure(config.sessionsFolder, config.name, config.limits.sessionIdle);
    JsScope scope(*this);
    loadMainModule(modules);
  }

  ~Impl() noexcept(false) {
    sandboxes = nullptr;  // their isolates go before this one
    for (auto& entry: streamingBodies) {
      entry.value.pipe->fail(KJ_EXCEPTION(DISCONNECTED, "the worker was unloaded"));
    }
    {
      v8::Isolate::Scope isolateScope(isolate);
      tasks = nullptr;
      timers.clear();
      timerQueue.clear();
      unhandledRejections.clear();
      moduleRecords.clear();
      stubWatches.clear();
      handleFetch.Reset();
      noop.Reset();
      internal.Reset();
      context.Reset();
    }
    isolate->Dispose();
  }

  kj::Promise<WorkerResponse> fetch(WorkerRequest request) {
    KJ_IF_MAYBE(reason, brokenReason) return errorResponse(503, *reason);
    if (pending.size() >= config.limits.concurrentRequests) {
      ++limitHits.concurrency;
      log->uncaught(limitLine(request.requestId, "concurrency_limit_exceeded",
                              kj::str("the isolate is working on ",
                                      config.limits.concurrentRequests,
                                      " requests already; refused without running")));
      return errorResponse(503, "concurrency_limit_exceeded");
    }
    auto paf = kj::newPromiseAndFulfiller<WorkerResponse>();
    uint32_t id = nextRequestId++;
    auto event = kj::refcounted<EventContext>();
    event->serviceDepth = request.serviceDepth;
    event->requestId = kj::mv(request.requestId);
    auto& eventRef = *event;
    pending.insert(id, PendingRequest{kj::mv(paf.fulfiller), kj::mv(event)});
    {
      JsScope scope(*this);
      auto headers = v8::Array::New(isolate, request.headers.size() * 2);
      uint32_t i = 0;
      for (auto& header: request.headers) {
        headers->Set(scope.context, i++, toV8(isolate, header.name)).Check();
        headers->Set(scope.context, i++, toV8(isolate, header.value)).Check();
      }
      v8::Local<v8::Value> body = v8::Null(isolate);
      KJ_IF_MAYBE(stream, request.bodyStream) {
        body = v8::Integer::NewFromUnsigned(isolate, adoptInboundBody(kj::mv(*stream), eventRef));
      } else KJ_IF_MAYBE(bytes, request.body) {
        v8::TryCatch tryCatch(isolate);
        v8::Local<v8::ArrayBuffer> buffer;
        if (!newArrayBuffer(isolate, bytes->size(), *bytes).ToLocal(&buffer)) {
          // The body does not fit the worker's memory limit.
          KJ_ASSERT_NONNULL(pending.find(id)).fulfiller->fulfill(
              errorResponse(503, "memory_limit_exceeded"));
          pending.erase(id);
          return kj::mv(paf.promise);
        }
        body = v8::Uint8Array::New(buffer, 0, bytes->size());
      }
      v8::Local<v8::Value> args[] = {v8::Integer::NewFromUnsigned(isolate, id),
                                     toV8(isolate, request.method), toV8(isolate, request.url),
                                     headers, body};
      callJs(scope, handleFetch.Get(isolate), args, eventRef);
    }
    auto tooLong = timer.afterDelay(config.limits.wallPerRequest)
                       .then([this, requestId = kj::str(eventRef.requestId)]() {
                         log->uncaught(limitLine(
                             requestId, "wall_time_limit_exceeded",
                             kj::str("the request took more than ",
                                     config.limits.wallPerRequest / kj::MILLISECONDS, " ms")));
                         return errorResponse(503, "wall_time_limit_exceeded");
                       });
    return paf.promise.attach(kj::defer([this, id]() { pending.erase(id); }))
        .exclusiveJoin(kj::mv(tooLong));
  }

  size_t memoryBytes() const {
    v8::Isolate::Scope scope(isolate);
    v8::HeapStatistics stats;
    isolate->GetHeapStatistics(&stats);
    // The bootstrap sources are counted as external memory, but every isolate shares them.
    size_t external = stats.external_memory() - kj::min(stats.external_memory(), sharedExternal);
    return stats.total_physical_size() + stats.malloced_memory() + external +
           (sandboxes.get() == nullptr ? 0 : sandboxes->memoryBytes());
  }

  void compactMemory() {
    v8::Isolate::Scope scope(isolate);
    // Several full collections until nothing more is freed, compacting, with empty pages
    // given back to the kernel. (MemoryPressureNotification(kCritical), one collection,
    // took ~60% of the time and left ~50 KiB more per hello world.)
    isolate->LowMemoryNotification();
  }

  // NativeHost ------------------------------------------------------------------------

  void print(kj::StringPtr level, kj::StringPtr text) override {
    auto& event = *currentEvent;
    if (event.consoleBytes > config.limits.consoleBytesPerEvent) return;
    event.consoleBytes += text.size();
    if (event.consoleBytes > config.limits.consoleBytesPerEvent) {
      ++limitHits.console;
      log->console("warn", limitLine(event.requestId, "console_limit_exceeded",
                                     kj::str("more than ", config.limits.consoleBytesPerEvent,
                                             " bytes of console output in one event; the rest "
                                             "is dropped")));
      return;
    }
    // console.error(error) shows a stack too.
    log->console(level, mapPositions(text));
  }

  void reportUncaught(kj::StringPtr text) override { log->uncaught(mapPositions(text)); }

  // A bundled worker's positions in `text`, back in the files the user wrote.
  kj::String mapPositions(kj::StringPtr text) {
    return sourceMaps.empty() ? kj::str(text) : applySourceMaps(sourceMaps, text);
  }

  uint32_t setTimer(v8::Local<v8::Function> callback, double delayMs, bool repeat) override {
    auto& event = *currentEvent;
    kj::Maybe<kj::String> over;
    if (event.timers >= config.limits.timersPerEvent) {
      over = kj::str("an event may have at most ", config.limits.timersPerEvent,
                     " timers pending at once");
    } else if (timers.size() >= config.limits.timers) {
      over = kj::str("this worker may have at most ", config.limits.timers,
                     " timers pending at once, whatever the events");
    }
    KJ_IF_MAYBE(why, over) {
      if (!event.timerLimitHit) {
        event.timerLimitHit = true;
        ++limitHits.timers;
        log->uncaught(limitLine(event.requestId, "timer_limit_exceeded", *why));
      }
      isolate->ThrowException(
          v8::Exception::RangeError(toV8(isolate, kj::str("timer_limit_exceeded: ", *why))));
      return 0;
    }
    ++event.timers;
    uint32_t id = nextTimerId++;
    if (!(delayMs >= 0)) delayMs = 0;  // also catches NaN
    auto interval = int64_t(delayMs * 1e6) * kj::NANOSECONDS;
    // From the real time now, not the loop's time of its last poll, which may be
    // milliseconds old: the clock the worker reads (Date.now) is real time.
    auto due = kj::systemPreciseMonotonicClock().now() + interval;
    timers.insert(id, TimerState{v8::Global<v8::Function>(isolate, callback), interval, repeat,
                                 due, nextTimerSequence, kj::addRef(*currentEvent)});
    timerQueue.insert({due, nextTimerSequence++, id});
    armTimerWake();
    return id;
  }

  void clearTimer(uint32_t id) override {
    KJ_IF_MAYBE(state, timers.find(id)) {
      timerQueue.erase({state->due, state->sequence, id});
      --state->event->timers;
      timers.erase(id);
    }
  }

  // [status, statusText, headerList, body] at info[at...], as responseToHost gives them.
  WorkerResponse responseFromJs(const v8::FunctionCallbackInfo<v8::Value>& info, int at) {
    auto context = isolate->GetCurrentContext();
    WorkerResponse response;
    response.status = info[at]->Uint32Value(context).FromMaybe(500);
    response.statusText = toKj(isolate, info[at + 1]);
    response.headers = pairsFromJs(info[at + 2]);
    response.body = copyBytes(info[at + 3]);
    // A 101's webSocket: websocket.js gave the client's end this id.
    uint32_t socket = info[at + 4]->Uint32Value(context).FromMaybe(0);
    KJ_IF_MAYBE(remote, remoteSockets.find(socket)) {
      // A session's socket from another host, passed on: connected straight through.
      response.webSocket = kj::mv(*remote);
      remoteSockets.erase(socket);
    } else if (socket != 0) {
      auto& state = socketState(socket);
      if (!state.handedToHost) {
        state.handedToHost = true;
        response.webSocket = kj::heap<WorkerSocket>(*this, socket);
      }
    }
    return response;
  }

  // WebSockets ----------------------------------------------------------------------------

  struct QueuedSocketItem {
    bool close;
    WebSocketMessage message;  // when !close
    uint16_t code;             // when close
    kj::String reason;
  };

  // An accepted WebSocket's state, by the id websocket.js gave its client end.
  struct SocketState {
    kj::Maybe<kj::Own<WebSocketOutlet>> outlet;  // once the host connected it
    kj::Vector<QueuedSocketItem> queued;         // what the worker sent before that
    bool closedByWorker = false;
    bool handedToHost = false;  // its WorkerSocket exists
  };

  // What the worker sends may come before the response that hands the socket over.
  SocketState& socketState(uint32_t id) {
    return sockets.findOrCreate(id, [&]() {
      return kj::HashMap<uint32_t, SocketState>::Entry{id, SocketState()};
    });
  }

  class WorkerSocket final : public WorkerWebSocket {
   public:
    WorkerSocket(Impl& impl, uint32_t id) : impl(impl), id(id) {}
    ~WorkerSocket() noexcept(false) { impl.socketGone(id); }
    void connect(kj::Own<WebSocketOutlet> outlet) override {
      impl.connectSocket(id, kj::mv(outlet));
    }
    void receive(WebSocketMessage message) override { impl.socketEvent(id, kj::mv(message)); }
    void receiveClose(uint16_t code, kj::StringPtr reason) override {
      impl.socketClosed(id, code, reason);
    }

   private:
    Impl& impl;
    uint32_t id;
  };

  uint32_t webSocketNewId() override { return nextSocketId++; }

  void webSocketSend(uint32_t id, v8::Local<v8::Value> data) override {
    auto& state = socketState(id);
    if (state.closedByWorker) return;
    WebSocketMessage message;
    message.binary = !data->IsString();
    message.data = message.binary ? copyBytes(data) : kj::heapArray(toKj(isolate, data).asBytes());
    KJ_IF_MAYBE(outlet, state.outlet) {
      (*outlet)->send(kj::mv(message));
    } else {
      state.queued.add(QueuedSocketItem{false, kj::mv(message), 0, nullptr});
    }
  }

  void webSocketClose(uint32_t id, uint16_t code, kj::StringPtr reason) override {
    auto& state = socketState(id);
    if (state.closedByWorker) return;
    state.closedByWorker = true;
    KJ_IF_MAYBE(outlet, state.outlet) {
      (*outlet)->close(code, reason);
    } else {
      state.queued.add(QueuedSocketItem{true, {}, code, kj::str(reason)});
    }
  }

  void connectSocket(uint32_t id, kj::Own<WebSocketOutlet> outlet) {
    KJ_IF_MAYBE(state, sockets.find(id)) {
      for (auto& item: state->queued) {
        if (item.close) {
          outlet->close(item.code, item.reason);
        } else {
          outlet->send(kj::mv(item.message));
        }
      }
      state->queued.clear();
      state->outlet = kj::mv(outlet);
    }
  }

  // The client's message, as an event of its own (its own CPU time and subrequests).
  void socketEvent(uint32_t id, WebSocketMessage message) {
    if (brokenReason != nullptr || sockets.find(id) == nullptr) return;
    JsScope scope(*this);
    v8::Local<v8::Value> data;
    if (message.binary) {
      v8::TryCatch tryCatch(isolate);
      v8::Local<v8::ArrayBuffer> buffer;
      if (!newArrayBuffer(isolate, message.data.size(), message.data).ToLocal(&buffer)) return;
      data = v8::Uint8Array::New(buffer, 0, message.data.size());
    } else {
      data = toV8(isolate, kj::heapString(message.data.asChars()));
    }
    v8::Local<v8::Value> args[] = {v8::Integer::NewFromUnsigned(isolate, id),
                                   toV8(isolate, "message"), data};
    auto event = kj::refcounted<EventContext>();
    callJs(scope, getFunction(internal.Get(isolate), "webSocketEvent"), args, *event);
  }

  void socketClosed(uint32_t id, uint16_t code, kj::StringPtr reason) {
    if (sockets.find(id) == nullptr) return;
    sockets.erase(id);
    if (brokenReason != nullptr) return;
    JsScope scope(*this);
    v8::Local<v8::Value> args[] = {v8::Integer::NewFromUnsigned(isolate, id),
                                   toV8(isolate, "close"), v8::Integer::New(isolate, code),
                                   toV8(isolate, reason)};
    auto event = kj::refcounted<EventContext>();
    callJs(scope, getFunction(internal.Get(isolate), "webSocketEvent"), args, *event);
  }

  // The host dropped the socket without a close from the client: the connection was lost.
  void socketGone(uint32_t id) { socketClosed(id, 1006, "the connection was lost"); }

  // The bytes of a Uint8Array or ArrayBuffer, copied; empty for anything else.
  static kj::Array<kj::byte> copyBytes(v8::Local<v8::Value> value) {
    if (value->IsArrayBufferView()) {
      auto view = value.As<v8::ArrayBufferView>();
      auto* base = static_cast<const kj::byte*>(view->Buffer()->GetBackingStore()->Data());
      return kj::heapArray<kj::byte>(base == nullptr ? nullptr : base + view->ByteOffset(),
                                     view->ByteLength());
    }
    if (value->IsArrayBuffer()) {
      auto buffer = value.As<v8::ArrayBuffer>();
      auto* base = static_cast<const kj::byte*>(buffer->GetBackingStore()->Data());
      return kj::heapArray<kj::byte>(base, buffer->ByteLength());
    }
    return nullptr;
  }

  void respond(uint32_t id, const v8::FunctionCallbackInfo<v8::Value>& info) override {
    KJ_IF_MAYBE(entry, pending.find(id)) {
      entry->fulfiller->fulfill(responseFromJs(info, 1));
      pending.erase(id);
    }
  }

  // Bodies going out as they come: responses, and bodies sent with subrequests -----------

  struct StreamingBody {
    kj::Own<BodyPipe> pipe;
    bool readerTaken = false;
    kj::Own<EventContext> event;  // the request's: its chunks' JavaScript counts there
  };

  void respondStreaming(uint32_t id, const v8::FunctionCallbackInfo<v8::Value>& info) override {
    KJ_IF_MAYBE(entry, pending.find(id)) {
      auto response = responseFromJs(info, 1);
      auto pipe = kj::refcounted<BodyPipe>();
      response.bodyStream = pipe->reader();
      streamingBodies.insert(id, StreamingBody{kj::mv(pipe), true, kj::addRef(*entry->event)});
      entry->fulfiller->fulfill(kj::mv(response));
      pending.erase(id);
    }
  }

  uint32_t outboundBody() override {
    uint32_t id = nextRequestId++;  // bodies and requests share ids: bodyWrite takes either
    streamingBodies.insert(
        id, StreamingBody{kj::refcounted<BodyPipe>(), false, kj::addRef(*currentEvent)});
    return id;
  }

  // native.bodyWrite(id, u8) -> Promise: settled once the host took the chunk; rejected if
  // the client is gone (the worker's stream is then canceled).
  void bodyWrite(const v8::FunctionCallbackInfo<v8::Value>& info) override {
    auto context = isolate->GetCurrentContext();
    uint32_t id = info[0]->Uint32Value(context).FromMaybe(0);
    auto resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
    info.GetReturnValue().Set(resolver->GetPromise());
    KJ_IF_MAYBE(body, streamingBodies.find(id)) {
      auto pending = kj::heap<v8::Global<v8::Promise::Resolver>>(isolate, resolver);
      tasks->add(body->pipe->write(copyBytes(info[1]))
                    .then([]() { return true; }, [](kj::Exception&&) { return false; })
                    .then([this, pending = kj::mv(pending), event = kj::addRef(*body->event)](
                              bool taken) mutable {
                      if (brokenReason != nullptr) return;
                      JsScope scope(*this);
                      auto resolver = pending->Get(isolate);
                      if (taken) {
                        (void)resolver->Resolve(scope.context, v8::Undefined(isolate));
                      } else {
                        (void)resolver->Reject(scope.context,
                                               v8::Exception::Error(toV8(isolate, "the client went away")));
                      }
                      callJs(scope, noop.Get(isolate), nullptr, *event);
                    }));
    } else {
      (void)resolver->Reject(context, v8::Exception::Error(toV8(isolate, "no such response")));
    }
  }

  void bodyEnd(uint32_t id, kj::Maybe<kj::String> error) override {
    KJ_IF_MAYBE(body, streamingBodies.find(id)) {
      KJ_IF_MAYBE(text, error) {
        log->uncaught(mapPositions(*text));
        body->pipe->fail(KJ_EXCEPTION(FAILED, "the worker's response stream failed"));
      } else {
        body->pipe->end();
      }
      streamingBodies.erase(id);
    }
  }

  // Bodies arriving ----------------------------------------------------------------------

  // Registers a body for JavaScript to read as it arrives: the id it reads it by.
  uint32_t adoptInboundBody(kj::Own<kj::AsyncInputStream> stream, EventContext& event) {
    uint32_t id = nextInboundBodyId++;
    event.owner = this;
    event.inboundBodies.add(id);
    inboundBodies.insert(id, kj::heap<InboundBody>(kj::mv(stream), event));
    return id;
  }

  // native.bodyRead(id) -> Promise of the body's next chunk (a Uint8Array of at most
  // INBOUND_CHUNK_BYTES), or null at its end. One read at a time (the stream's pull).
  void bodyRead(const v8::FunctionCallbackInfo<v8::Value>& info) override {
    auto context = isolate->GetCurrentContext();
    uint32_t id = info[0]->Uint32Value(context).FromMaybe(0);
    auto resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
    info.GetReturnValue().Set(resolver->GetPromise());
    KJ_IF_MAYBE(found, inboundBodies.find(id)) {
      auto& body = **found;
      KJ_IF_MAYBE(stream, body.stream) {
        auto buffer = kj::heapArray<kj::byte>(INBOUND_CHUNK_BYTES);
        auto read = body.reading.wrap((*stream)->tryRead(buffer.begin(), 1, buffer.size()));
        tasks->add(read.then([](size_t n) -> kj::Maybe<size_t> { return n; },
                             [](kj::Exception&&) -> kj::Maybe<size_t> { return nullptr; })
                       .then([this, id, buffer = kj::mv(buffer),
                              pending = v8::Global<v8::Promise::Resolver>(isolate, resolver)](
                                 kj::Maybe<size_t> n) mutable {
                         settleBodyRead(id, pending, buffer, n);
                       }));
      } else {
        (void)resolver->Resolve(context, v8::Null(isolate));  // ended
      }
    } else {
      (void)resolver->Reject(
          context, v8::Exception::TypeError(toV8(
                       isolate, "This body can no longer be read: the request it came to has "
                                "ended (a body is read while its request is handled)")));
    }
  }

  // `n`: how many bytes the read put in `buffer` (0 at the end), or nullptr if the body was
  // cut off before its end.
  void settleBodyRead(uint32_t id, v8::Global<v8::Promise::Resolver>& pending,
                      kj::ArrayPtr<kj::byte> buffer, kj::Maybe<size_t> n) {
    if (brokenReason != nullptr) return;
    InboundBody* found = nullptr;
    KJ_IF_MAYBE(entry, inboundBodies.find(id)) found = entry->get();
    if (found == nullptr || found->stream == nullptr) return;  // its event ended, or canceled
    auto& body = *found;
    auto event = kj::addRef(body.event);  // the reactions may end the event
    JsScope scope(*this);
    auto resolver = pending.Get(isolate);
    KJ_IF_MAYBE(size, n) {
      if (*size == 0) {
        body.stream = nullptr;
        (void)resolver->Resolve(scope.context, v8::Null(isolate));
      } else {
        v8::TryCatch tryCatch(isolate);
        v8::Local<v8::ArrayBuffer> chunk;
        if (newArrayBuffer(isolate, *size, buffer.slice(0, *size)).ToLocal(&chunk)) {
          (void)resolver->Resolve(scope.context, v8::Uint8Array::New(chunk, 0, *size));
        } else {
          (void)resolver->Reject(scope.context, tryCatch.Exception());
        }
      }
    } else {
      body.stream = nullptr;
      (void)resolver->Reject(scope.context,
                             v8::Exception::TypeError(toV8(
                                 isolate, "The body was cut off before its end (the sender "
                                          "went away or failed)")));
    }
    callJs(scope, noop.Get(isolate), nullptr, *event);
  }

  // native.bodyCancel(id): the reader gave up; the sender sees the rest refused.
  void bodyCancel(uint32_t id) override {
    KJ_IF_MAYBE(found, inboundBodies.find(id)) {
      auto& body = **found;
      body.reading.cancel("the body was canceled");
      body.stream = nullptr;
    }
  }

  bool sessionsRouted() override { return config.sessionRouting != nullptr; }

  // native.routeSession(kind, binding, id, name, ...) -> Promise: "fetch" with method, url,
  // headerList, body resolves to [status, statusText, headerList, body]; "rpc" with the
  // serialized call resolves to the serialized result (an ArrayBuffer); "alarm" resolves
  // to undefined. The session's own exception rejects it.
  void routeSession(const v8::FunctionCallbackInfo<v8::Value>& info) override {
    auto context = isolate->GetCurrentContext();
    auto& routing = KJ_ASSERT_NONNULL(config.sessionRouting);
    SessionEvent event;
    auto kind = toKj(isolate, info[0]);
    event.binding = toKj(isolate, info[1]);
    event.id = toKj(isolate, info[2]);
    if (info[3]->IsString()) event.name = toKj(isolate, info[3]);
    if (kind == "fetch") {
      event.kind = SessionEvent::Kind::FETCH;
      event.request = requestFromJs(info, 4);
    } else if (kind == "rpc") {
      event.kind = SessionEvent::Kind::RPC;
      event.rpc = copyBytes(info[4]);
    } else {
      event.kind = SessionEvent::Kind::ALARM;
    }
    auto resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
    info.GetReturnValue().Set(resolver->GetPromise());
    auto pendingResolver = kj::heap<v8::Global<v8::Promise::Resolver>>(isolate, resolver);
    tasks->add(routing.route(kj::mv(event))
                  .catch_([](kj::Exception&& exception) {
                    KJ_LOG(WARNING, "session event failed on its way", exception);
                    SessionOutcome outcome;
                    outcome.error = kj::str("the session is unavailable; try again");
                    return outcome;
                  })
                  .then([this, resolver = kj::mv(pendingResolver),
                         origin = kj::addRef(*currentEvent)](SessionOutcome outcome) mutable {
                    settleSession(*resolver, *origin, kj::mv(outcome));
                  }));
  }

  // [method, url, headerList, body] at info[at...], as requestToHost gives them.
  WorkerRequest requestFromJs(const v8::FunctionCallbackInfo<v8::Value>& info, int at) {
    auto context = isolate->GetCurrentContext();
    WorkerRequest request;
    request.method = toKj(isolate, info[at]);
    request.url = toKj(isolate, info[at + 1]);
    request.headers = pairsFromJs(info[at + 2]);
    if (info[at + 3]->IsArrayBufferView()) {
      request.body = copyBytes(info[at + 3]);
    } else if (info[at + 3]->IsUint32()) {
      // A body streaming from JavaScript (outboundBody): its pipe's one reader.
      KJ_IF_MAYBE(body, streamingBodies.find(info[at + 3].As<v8::Uint32>()->Value())) {
        if (!body->readerTaken) {
          body->readerTaken = true;
          request.bodyStream = body->pipe->reader();
        }
      }
    }
    return request;
  }

  // [status, statusText, headerList, body] for JavaScript (responseFromHost takes them);
  // empty, with a RangeError thrown, when the body does not fit the worker's memory.
  v8::MaybeLocal<v8::Value> responseToJs(JsScope& scope, WorkerResponse& response,
                                         EventContext& event, uint32_t socket = 0) {
    auto headers = v8::Array::New(isolate, response.headers.size() * 2);
    uint32_t i = 0;
    for (auto& header: response.headers) {
      headers->Set(scope.context, i++, toV8(isolate, header.name)).Check();
      headers->Set(scope.context, i++, toV8(isolate, header.value)).Check();
    }
    v8::Local<v8::Value> body = v8::Null(isolate);
    KJ_IF_MAYBE(stream, response.bodyStream) {
      body = v8::Integer::NewFromUnsigned(isolate, adoptInboundBody(kj::mv(*stream), event));
    } else if (response.body.size() > 0) {
      v8::Local<v8::ArrayBuffer> buffer;
      if (!newArrayBuffer(isolate, response.body.size(), response.body).ToLocal(&buffer)) {
        return {};
      }
      body = v8::Uint8Array::New(buffer, 0, response.body.size());
    }
    v8::Local<v8::Value> parts[] = {v8::Integer::NewFromUnsigned(isolate, response.status),
                                    toV8(isolate, response.statusText), headers, body,
                                    v8::Integer::NewFromUnsigned(isolate, socket)};
    return v8::Array::New(isolate, parts, 5);
  }

  // native.subrequest(binding, method, url, headerList, body) -> Promise of [status,
  // statusText, headerList, body]: fetch() when `binding` is null, a call to sandbox `key`
  // when it is [key], else a call through the service binding of that name. Counted
  // against the limit of the event making it; a call to a sandbox also counts the
  // subrequests the sandbox may make for it, which go out through this worker's grants.
  void subrequest(const v8::FunctionCallbackInfo<v8::Value>& info) override {
    auto& event = *currentEvent;
    if (event.startup) {
      throwTypeError(isolate, "fetch() and service calls run only on behalf of a request, not "
                              "at the top level of a module (or in a timer set there)");
      return;
    }
    kj::Maybe<kj::String> sandboxKey;
    size_t cost = 1;
    if (info[0]->IsArray()) {
      auto key = toKj(isolate, elementOf(info[0].As<v8::Array>(), 0));
      cost += sandboxSet().subrequestLimit(key);
      sandboxKey = kj::mv(key);
    }
    auto limit = config.limits.subrequestsPerRequest;
    if (event.subrequests + cost > limit) {
      if (!event.subrequestLimitHit) {
        event.subrequestLimitHit = true;
        ++limitHits.subrequests;
        log->uncaught(limitLine(event.requestId, "subrequest_limit_exceeded",
                                kj::str("the request made more than ", limit, " subrequests")));
      }
      isolate->ThrowException(v8::Exception::Error(toV8(
          isolate, kj::str("subrequest_limit_exceeded: a request may make at most ", limit,
                           " subrequests (fetch() calls, redirects followed, service calls)"))));
      return;
    }
    event.subrequests += cost;
    auto request = requestFromJs(info, 1);
    KJ_IF_MAYBE(body, request.body) {
      if (body->size() > config.limits.subrequestBodyBytes) {
        throwTypeError(isolate, kj::str("a subrequest's body may be at most ",
                                        config.limits.subrequestBodyBytes >> 20, " MiB"));
        return;
      }
    }
    request.serviceDepth = event.serviceDepth + 1;
    request.requestId = kj::str(event.requestId);
    kj::Promise<SubrequestOutcome> sent = nullptr;
    KJ_IF_MAYBE(key, sandboxKey) {
      // On a turn of its own: it runs another isolate.
      sent = kj::evalLater([this, key = kj::mv(*key), request = kj::mv(request)]() mutable {
        return sandboxSet().fetch(key, kj::mv(request));
      });
    } else KJ_IF_MAYBE(gate, config.subrequests) {
      if (info[0]->IsString()) {
        sent = gate->service(toKj(isolate, info[0]), kj::mv(request));
      } else {
        sent = gate->fetch(kj::mv(request));
      }
    } else {
      sent = SubrequestOutcome{nullptr, kj::str("fetch() to ", request.url,
                                                " refused: this worker has no network granted")};
    }
    auto context = isolate->GetCurrentContext();
    auto resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
    info.GetReturnValue().Set(resolver->GetPromise());
    auto pendingResolver = kj::heap<v8::Global<v8::Promise::Resolver>>(isolate, resolver);
    tasks->add(sent.catch_([](kj::Exception&& exception) {
                    KJ_LOG(WARNING, "subrequest failed on its way", exception);
                    return SubrequestOutcome{nullptr, kj::str("the subrequest failed: the "
                                                              "platform could not send it")};
                  })
                  .then([this, resolver = kj::mv(pendingResolver),
                         origin = kj::addRef(event)](SubrequestOutcome outcome) mutable {
                    settleSubrequest(*resolver, *origin, kj::mv(outcome));
                  }));
  }

  // Sandboxes ------------------------------------------------------------------------

  // Made on first use: most workers have no loader binding.
  Sandboxes& sandboxSet() {
    if (sandboxes.get() == nullptr) {
      sandboxes = kj::heap<Sandboxes>(system, timer, config.name, *log, config.limits,
                                      config.subrequests, ownSessions, config.isolateSupply);
    }
    return *sandboxes;
  }

  bool sandboxWarm(kj::StringPtr key) override {
    return sandboxes.get() != nullptr && sandboxes->isWarm(key);
  }

  // Element `i` of an array the platform's JavaScript built; undefined if reading it threw
  // (worker code may have put a getter there), with the exception left for the caller's
  // JavaScript. Never ToLocalChecked: that would abort the whole process.
  v8::Local<v8::Value> elementOf(v8::Local<v8::Array> array, uint32_t i) {
    v8::Local<v8::Value> value;
    if (!array->Get(isolate->GetCurrentContext(), i).ToLocal(&value)) return v8::Undefined(isolate);
    return value;
  }

  // The flat [name, value, ...] list `value`, as pairs.
  kj::Vector<HttpHeader> pairsFromJs(v8::Local<v8::Value> value) {
    kj::Vector<HttpHeader> pairs;
    if (!value->IsArray()) return pairs;
    auto list = value.As<v8::Array>();
    for (uint32_t i = 0; i + 1 < list->Length(); i += 2) {
      pairs.add(HttpHeader{toKj(isolate, elementOf(list, i)), toKj(isolate, elementOf(list, i + 1))});
    }
    return pairs;
  }

  // native.sandboxLoad(key, mainModule, modules, vars, jsonVars, services, sessions, outbound,
  // limits, oneOffStub) -> Promise, rejected with an Error saying what is wrong with the code:
  // modules, vars, jsonVars and services flat [name, value, ...]; sessions flat [name,
  // binding, id, sessionName or null, ...] (stubs of this worker's); outbound a service
  // binding's name or null; limits [cpuMs, memoryMiB, subrequests, wallMs], each a number or
  // null (the default); oneOffStub, for a sandbox without an id, the stub whose collection
  // drops it.
  void sandboxLoad(const v8::FunctionCallbackInfo<v8::Value>& info) override {
    auto context = isolate->GetCurrentContext();
    auto key = toKj(isolate, info[0]);
    SandboxCode code;
    code.mainModule = toKj(isolate, info[1]);
    code.modules = pairsFromJs(info[2]);
    code.vars = pairsFromJs(info[3]);
    code.jsonVars = pairsFromJs(info[4]);
    code.services = pairsFromJs(info[5]);
    if (info[6]->IsArray()) {
      auto list = info[6].As<v8::Array>();
      auto at = [&](uint32_t i) { return elementOf(list, i); };
      for (uint32_t i = 0; i + 3 < list->Length(); i += 4) {
        code.sessions.add(HandedSession{toKj(isolate, at(i)), toKj(isolate, at(i + 1)),
                                        toKj(isolate, at(i + 2)),
                                        at(i + 3)->IsString() ? toKj(isolate, at(i + 3))
                                                              : kj::str()});
      }
    }
    if (info[7]->IsString()) code.outbound = toKj(isolate, info[7]);
    // A sandbox starts from the defaults; what its code asks for is capped at this worker's
    // own limits (clampSandboxLimits).
    code.limits.heapBytes = config.limits.sandboxHeapBytes;
    if (info[8]->IsArray()) {
      auto limits = info[8].As<v8::Array>();
      auto limit = [&](uint32_t i) -> kj::Maybe<uint32_t> {
        auto value = elementOf(limits, i);
        if (!value->IsNumber()) return nullptr;
        return value->Uint32Value(context).FromMaybe(0);
      };
      KJ_IF_MAYBE(ms, limit(0)) code.limits.cpuPerEvent = *ms * kj::MILLISECONDS;
      KJ_IF_MAYBE(mib, limit(1)) code.limits.heapBytes = size_t(*mib) << 20;
      KJ_IF_MAYBE(count, limit(2)) code.limits.subrequestsPerRequest = *count;
      KJ_IF_MAYBE(ms, limit(3)) code.limits.wallPerRequest = *ms * kj::MILLISECONDS;
    }
    if (info[9]->IsObject()) watchStub(key, info[9].As<v8::Object>());
    auto resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
    info.GetReturnValue().Set(resolver->GetPromise());
    // On a turn of its own: making the sandbox runs another isolate.
    tasks->add(kj::evalLater([this, key = kj::mv(key), code = kj::mv(code)]() mutable {
                 return sandboxSet().load(key, kj::mv(code));
               }).then([this, resolver = v8::Global<v8::Promise::Resolver>(isolate, resolver),
                        origin = kj::addRef(*currentEvent)](kj::Maybe<kj::String> error) mutable {
      if (brokenReason != nullptr) return;
      JsScope scope(*this);
      KJ_IF_MAYBE(message, error) {
        (void)resolver.Get(isolate)->Reject(scope.context,
                                            v8::Exception::Error(toV8(isolate, *message)));
      } else {
        (void)resolver.Get(isolate)->Resolve(scope.context, v8::Undefined(isolate));
      }
      callJs(scope, noop.Get(isolate), nullptr, *origin);
    }));
  }

  // Where the session stubs this worker hands its sandboxes lead: to the host its sessions
  // are placed on, or, with all of them here, to this isolate.
  class OwnSessions final : public SessionRouting {
   public:
    explicit OwnSessions(Impl& impl) : impl(impl) {}
    kj::Promise<SessionOutcome> route(SessionEvent event) override {
      KJ_IF_MAYBE(routing, impl.config.sessionRouting) return routing->route(kj::mv(event));
      return impl.runSession(kj::mv(event));
    }

   private:
    Impl& impl;
  };

  // A one-off sandbox's stub, watched: once it is garbage, so is its sandbox.
  struct StubWatch {
    Impl& impl;
    kj::String key;
    v8::Global<v8::Object> stub;
  };

  void watchStub(kj::StringPtr key, v8::Local<v8::Object> stub) {
    if (stubWatches.find(key) != nullptr) return;  // loaded again after it was dropped
    auto watch = kj::heap<StubWatch>(StubWatch{*this, kj::str(key), {isolate, stub}});
    watch->stub.SetWeak(watch.get(), &Impl::onStubCollected, v8::WeakCallbackType::kParameter);
    stubWatches.insert(kj::str(key), kj::mv(watch));
  }

  static void onStubCollected(const v8::WeakCallbackInfo<StubWatch>& info) {
    auto& watch = *info.GetParameter();
    watch.stub.Reset();
    auto& impl = watch.impl;
    auto key = kj::mv(watch.key);
    impl.stubWatches.erase(key);  // deletes `watch`
    // Not during the collection: dropping a sandbox disposes of its isolate.
    impl.tasks->add(kj::evalLater([&impl, key = kj::mv(key)]() {
      if (impl.sandboxes.get() != nullptr) impl.sandboxes->drop(key);
    }));
  }

  void settleSubrequest(v8::Global<v8::Promise::Resolver>& global, EventContext& origin,
                        SubrequestOutcome outcome) {
    if (brokenReason != nullptr) return;
    JsScope scope(*this);
    auto resolver = global.Get(isolate);
    KJ_IF_MAYBE(response, outcome.response) {
      v8::TryCatch tryCatch(isolate);
      v8::Local<v8::Value> value;
      if (responseToJs(scope, *response, origin).ToLocal(&value)) {
        (void)resolver->Resolve(scope.context, value);
      } else {
        (void)resolver->Reject(scope.context, tryCatch.Exception());
      }
    } else {
      (void)resolver->Reject(scope.context, v8::Exception::TypeError(toV8(isolate, outcome.error)));
    }
    // The reactions run now, under the CPU limit, as part of the event that made it.
    callJs(scope, noop.Get(isolate), nullptr, origin);
  }

  // Hands a routed session event's outcome to the JavaScript waiting for it.
  void settleSession(v8::Global<v8::Promise::Resolver>& global, EventContext& origin,
                     SessionOutcome outcome) {
    if (brokenReason != nullptr) return;
    JsScope scope(*this);
    auto resolver = global.Get(isolate);
    v8::Local<v8::Value> value = v8::Undefined(isolate);
    bool ok = true;
    KJ_IF_MAYBE(error, outcome.error) {
      ok = false;
      value = v8::Exception::Error(toV8(isolate, *error));
    } else KJ_IF_MAYBE(response, outcome.response) {
      // A WebSocket from a session on another host: the worker can pass it on.
      uint32_t socket = 0;
      KJ_IF_MAYBE(remote, response->webSocket) {
        socket = nextSocketId++;
        remoteSockets.insert(socket, kj::mv(*remote));
      }
      v8::TryCatch tryCatch(isolate);
      if (!responseToJs(scope, *response, origin, socket).ToLocal(&value)) {
        ok = false;
        value = tryCatch.Exception();
      }
    } else if (outcome.rpcResult.size() > 0) {
      v8::TryCatch tryCatch(isolate);
      v8::Local<v8::ArrayBuffer> buffer;
      if (newArrayBuffer(isolate, outcome.rpcResult.size(), outcome.rpcResult).ToLocal(&buffer)) {
        value = buffer;
      } else {
        ok = false;
        value = tryCatch.Exception();
      }
    }
    if (ok) {
      (void)resolver->Resolve(scope.context, value);
    } else {
      (void)resolver->Reject(scope.context, value);
    }
    // The reactions run now, under the CPU limit like any event.
    callJs(scope, noop.Get(isolate), nullptr, origin);
  }

  kj::Promise<kj::Maybe<kj::String>> scheduled(kj::StringPtr cron, double scheduledTimeMs) {
    KJ_IF_MAYBE(reason, brokenReason) return kj::Maybe<kj::String>(kj::str(*reason));
    auto paf = kj::newPromiseAndFulfiller<kj::Maybe<kj::String>>();
    uint32_t id = nextRequestId++;
    pendingScheduled.insert(id, kj::mv(paf.fulfiller));
    {
      JsScope scope(*this);
      v8::Local<v8::Value> args[] = {v8::Integer::NewFromUnsigned(isolate, id),
                                     toV8(isolate, cron), v8::Number::New(isolate, scheduledTimeMs)};
      auto event = kj::refcounted<EventContext>();
      callJs(scope, getFunction(internal.Get(isolate), "handleScheduled"), args, *event);
    }
    auto tooLong = timer.afterDelay(config.limits.wallPerRequest).then([this]() {
      return kj::Maybe<kj::String>(kj::str("wall_time_limit_exceeded: the scheduled event took "
                                           "more than ", config.limits.wallPerRequest / kj::SECONDS,
                                           " s"));
    });
    return paf.promise.attach(kj::defer([this, id]() { pendingScheduled.erase(id); }))
        .exclusiveJoin(kj::mv(tooLong))
        .then([this](kj::Maybe<kj::String> error) {
          KJ_IF_MAYBE(text, error) log->uncaught(kj::str("(in scheduled) ", *text));
          return kj::mv(error);
        });
  }

  void scheduledDone(uint32_t id, kj::Maybe<kj::String> error) override {
    KJ_IF_MAYBE(fulfiller, pendingScheduled.find(id)) {
      KJ_IF_MAYBE(text, error) error = mapPositions(*text);
      (*fulfiller)->fulfill(kj::mv(error));
      pendingScheduled.erase(id);
    }
  }

  // One-shot tasks: run(input) ------------------------------------------------------------

  kj::Promise<RunResult> run(kj::StringPtr inputJson) {
    KJ_IF_MAYBE(reason, brokenReason) return RunResult{nullptr, *reason, kj::str(*reason)};
    auto paf = kj::newPromiseAndFulfiller<RunResult>();
    uint32_t id = nextRequestId++;
    pendingRuns.insert(id, kj::mv(paf.fulfiller));
    {
      JsScope scope(*this);
      v8::Local<v8::Value> args[] = {v8::Integer::NewFromUnsigned(isolate, id),
                                     toV8(isolate, inputJson)};
      auto event = kj::refcounted<EventContext>();
      callJs(scope, getFunction(internal.Get(isolate), "handleRun"), args, *event);
    }
    auto tooLong = timer.afterDelay(config.limits.wallPerRequest).then([this]() {
      return RunResult{nullptr, "wall_time_limit_exceeded"_kj,
                       kj::str("the task took more than ",
                               config.limits.wallPerRequest / kj::MILLISECONDS, " ms")};
    });
    return paf.promise.attach(kj::defer([this, id]() { pendingRuns.erase(id); }))
        .exclusiveJoin(kj::mv(tooLong));
  }

  void runDone(uint32_t id, kj::Maybe<kj::String> json, kj::Maybe<kj::String> error) override {
    KJ_IF_MAYBE(fulfiller, pendingRuns.find(id)) {
      KJ_IF_MAYBE(text, error) {
        (*fulfiller)->fulfill(RunResult{nullptr, "uncaught"_kj, mapPositions(*text)});
      } else {
        (*fulfiller)->fulfill(RunResult{kj::mv(json), nullptr, nullptr});
      }
      pendingRuns.erase(id);
    }
  }

  kj::Promise<SessionOutcome> runSession(SessionEvent event) {
    KJ_IF_MAYBE(reason, brokenReason) {
      SessionOutcome outcome;
      outcome.error = kj::str(*reason);
      return kj::mv(outcome);
    }
    auto paf = kj::newPromiseAndFulfiller<SessionOutcome>();
    uint32_t id = nextRequestId++;
    pendingSessions.insert(id, kj::mv(paf.fulfiller));
    auto sessionEvent = kj::refcounted<EventContext>();
    {
      JsScope scope(*this);
      kj::Vector<v8::Local<v8::Value>> args;
      args.add(v8::Integer::NewFromUnsigned(isolate, id));
      args.add(toV8(isolate, event.kind == SessionEvent::Kind::FETCH ? "fetch"
                             : event.kind == SessionEvent::Kind::RPC ? "rpc" : "alarm"));
      args.add(toV8(isolate, event.binding));
      args.add(toV8(isolate, event.id));
      args.add(event.name.size() > 0 ? toV8(isolate, event.name).As<v8::Value>()
                                     : v8::Undefined(isolate).As<v8::Value>());
      v8::TryCatch tryCatch(isolate);
      auto bytesOf = [&](kj::ArrayPtr<const kj::byte> bytes) -> v8::Local<v8::Value> {
        v8::Local<v8::ArrayBuffer> buffer;
        if (!newArrayBuffer(isolate, bytes.size(), bytes).ToLocal(&buffer)) {
          return v8::Local<v8::Value>();
        }
        return buffer;
      };
      bool fits = true;
      KJ_IF_MAYBE(request, event.request) {
        auto headers = v8::Array::New(isolate, request->headers.size() * 2);
        uint32_t i = 0;
        for (auto& header: request->headers) {
          headers->Set(scope.context, i++, toV8(isolate, header.name)).Check();
          headers->Set(scope.context, i++, toV8(isolate, header.value)).Check();
        }
        args.add(toV8(isolate, request->method));
        args.add(toV8(isolate, request->url));
        args.add(headers);
        v8::Local<v8::Value> body = v8::Null(isolate);
        KJ_IF_MAYBE(stream, request->bodyStream) {
          body = v8::Integer::NewFromUnsigned(isolate,
                                              adoptInboundBody(kj::mv(*stream), *sessionEvent));
        } else KJ_IF_MAYBE(bytes, request->body) {
          auto buffer = bytesOf(*bytes);
          fits = !buffer.IsEmpty();
          if (fits) body = v8::Uint8Array::New(buffer.As<v8::ArrayBuffer>(), 0, bytes->size());
        }
        args.add(body);
      } else if (event.kind == SessionEvent::Kind::RPC) {
        auto buffer = bytesOf(event.rpc);
        fits = !buffer.IsEmpty();
        args.add(fits ? buffer : v8::Undefined(isolate).As<v8::Value>());
      }
      if (!fits) {
        KJ_ASSERT_NONNULL(pendingSessions.find(id))->fulfill(
            SessionOutcome{nullptr, nullptr, kj::str("memory_limit_exceeded")});
        pendingSessions.erase(id);
        return kj::mv(paf.promise);
      }
      callJs(scope, getFunction(internal.Get(isolate), "handleSessionEvent"), args,
             *sessionEvent);
    }
    // The event lasts until its outcome is taken (its body, when it streams, longer).
    return paf.promise.attach(kj::defer([this, id]() { pendingSessions.erase(id); }),
                              kj::mv(sessionEvent));
  }

  // native.sessionDone(id, "response", status, statusText, headerList, body) |
  // (id, "response-head", status, statusText, headerList), its body then written to id as
  // for respondStreaming | (id, "rpc", serializedResult) | (id, "alarm") | (id, "error",
  // message)
  void sessionDone(const v8::FunctionCallbackInfo<v8::Value>& info) override {
    uint32_t id = info[0]->Uint32Value(isolate->GetCurrentContext()).FromMaybe(0);
    KJ_IF_MAYBE(fulfiller, pendingSessions.find(id)) {
      auto kind = toKj(isolate, info[1]);
      SessionOutcome outcome;
      if (kind == "response") {
        outcome.response = responseFromJs(info, 2);
      } else if (kind == "response-head") {
        auto response = responseFromJs(info, 2);
        auto pipe = kj::refcounted<BodyPipe>();
        response.bodyStream = pipe->reader();
        streamingBodies.insert(id, StreamingBody{kj::mv(pipe), true, kj::addRef(*currentEvent)});
        outcome.response = kj::mv(response);
      } else if (kind == "rpc") {
        outcome.rpcResult = copyBytes(info[2]);
      } else if (kind == "error") {
        outcome.error = toKj(isolate, info[2]);
      }
      (*fulfiller)->fulfill(kj::mv(outcome));
      pendingSessions.erase(id);
    }
  }

  void fail(uint32_t id, kj::StringPtr error) override {
    KJ_IF_MAYBE(entry, pending.find(id)) {
      auto text = mapPositions(error);
      log->uncaught(text);
      // A request that failed after running out of subrequests or timers says so.
      auto& event = *entry->event;
      auto response = event.subrequestLimitHit ? errorResponse(503, "subrequest_limit_exceeded")
                      : event.timerLimitHit    ? errorResponse(503, "timer_limit_exceeded")
                                               : errorResponse(500, "Internal Server Error");
      response.uncaught = kj::mv(text);
      entry->fulfiller->fulfill(kj::mv(response));
      pending.erase(id);
    }
  }

  kj::Vector<kj::String> modulePaths;
  WorkerConfig config;  // the worker's once adopted
  // Why the isolate was terminated ("memory_limit_exceeded", "cpu_limit_exceeded"); it
  // answers nothing after that.
  kj::Maybe<kj::StringPtr> brokenReason;
  EventLimitHits limitHits;

  uint64_t sandboxesMade() const { return sandboxes.get() == nullptr ? 0 : sandboxes->made(); }

 private:
  struct TimerState {
    v8::Global<v8::Function> callback;
    kj::Duration interval;
    bool repeat;
    kj::TimePoint due;  // its key in timerQueue, with `sequence`
    uint64_t sequence;
    kj::Own<EventContext> event;  // whose callback it is
  };

  struct ModuleRecord {
    kj::String path;
    v8::Global<v8::Module> module;
  };

  class TaskErrors final : public kj::TaskSet::ErrorHandler {
   public:
    void taskFailed(kj::Exception&& exception) override {
      KJ_LOG(ERROR, "worker task failed", exception);
    }
  };

  V8System& system;
  kj::Timer& timer;
  WorkerLog* log;  // the worker's once adopted; until then nullLog
  size_t sharedExternal = 0;  // of the external memory V8 counts, what every isolate shares
  SessionNatives sessionNatives;  // before the isolate's objects that use it
  std::unique_ptr<v8::ArrayBuffer::Allocator> arrayBuffers;  // outlives the isolate
  v8::Isolate* isolate;
  v8::Global<v8::Context> context;
  v8::Global<v8::Object> internal;
  v8::Global<v8::Function> handleFetch;
  v8::Global<v8::Function> noop;  // for running microtasks as an event
  kj::Vector<ModuleRecord> moduleRecords;
  kj::Vector<MappedModule> sourceMaps;  // of modules that came with "<path>.map"
  kj::HashMap<uint32_t, SocketState> sockets;  // WebSockets accepted, by id
  // Before everything holding EventContexts, whose ends erase from it.
  kj::HashMap<uint32_t, kj::Own<InboundBody>> inboundBodies;
  uint32_t nextInboundBodyId = 1;
  kj::HashMap<uint32_t, StreamingBody> streamingBodies;  // by request id, until they end
  // Sessions' WebSockets from other hosts, until passed on in a 101 (same ids).
  kj::HashMap<uint32_t, kj::Own<WorkerWebSocket>> remoteSockets;
  uint32_t nextSocketId = 1;
  kj::HashMap<uint32_t, PendingRequest> pending;
  OwnSessions ownSessions{*this};
  kj::Own<Sandboxes> sandboxes;  // env.LOADER's, once one is made; null: none yet
  kj::HashMap<kj::String, kj::Own<StubWatch>> stubWatches;  // one-off sandboxes', by key
  // Session events this isolate runs for other hosts, by id (shared with `pending`'s ids).
  kj::HashMap<uint32_t, kj::Own<kj::PromiseFulfiller<SessionOutcome>>> pendingSessions;
  // Scheduled events under way, by id (shared with `pending`'s ids).
  kj::HashMap<uint32_t, kj::Own<kj::PromiseFulfiller<kj::Maybe<kj::String>>>> pendingScheduled;
  // One-shot runs under way, by id (shared with `pending`'s ids).
  kj::HashMap<uint32_t, kj::Own<kj::PromiseFulfiller<RunResult>>> pendingRuns;
  // JS timers run in order of when they are due, ties by creation, whatever the event
  // loop's delays: one KJ timer wakes the worker for the earliest.
  kj::HashMap<uint32_t, TimerState> timers;
  std::set<std::tuple<kj::TimePoint, uint64_t, uint32_t>> timerQueue;  // (due, sequence, id)
  uint64_t nextTimerSequence = 0;
  kj::Maybe<kj::TimePoint> wakeAt;  // when the armed wake-up fires
  uint64_t wakeGeneration = 0;      // wake-ups of older generations do nothing
  // Rejected promises with no handler yet; reported once the microtask queue is empty,
  // unless a handler was attached meanwhile.
  kj::Vector<std::pair<v8::Global<v8::Promise>, v8::Global<v8::Value>>> unhandledRejections;
  uint32_t nextRequestId = 1;
  uint32_t nextTimerId = 1;
  kj::Own<EventContext> startupEvent;  // timers set while the modules evaluate
  EventContext* currentEvent;          // whose JavaScript runs now (see callJs)
  TaskErrors taskErrors;
  // Last: its tasks refer to everything above. Dropped before the isolate is disposed: they
  // hold V8 handles (promise resolvers) that must go first.
  kj::Own<kj::TaskSet> tasks;

  static WorkerResponse errorResponse(unsigned status, kj::StringPtr body) {
    WorkerResponse response;
    response.status = status;
    response.statusText = kj::str(status == 500 ? "Internal Server Error" : "Service Unavailable");
    response.body = kj::heapArray(body.asBytes());
    return response;
  }

  static size_t onNearHeapLimit(void* data, size_t currentLimit, size_t initialLimit) {
    auto& self = *static_cast<Impl*>(data);
    self.brokenReason = "memory_limit_exceeded"_kj;
    self.isolate->TerminateExecution();
    // Room for the termination to unwind; the isolate is never used again.
    return currentLimit + kj::max(currentLimit / 2, size_t(16) << 20);
  }

  v8::Local<v8::Function> getFunction(v8::Local<v8::Object> object, kj::StringPtr name) {
    auto value = object->Get(isolate->GetCurrentContext(), toV8(isolate, name)).ToLocalChecked();
    KJ_ASSERT(value->IsFunction(), "bootstrap did not define", name);
    return value.As<v8::Function>();
  }

  // Calls into the worker's JavaScript and runs the microtasks it queued, within the
  // CPU budget of one event. Exceptions that escape are the worker's: they are logged,
  // never thrown at the caller.
  void callJs(JsScope& scope, v8::Local<v8::Function> function,
              kj::ArrayPtr<v8::Local<v8::Value>> args, EventContext& event) {
    bool fired = false;
    auto* outer = currentEvent;
    currentEvent = &event;
    KJ_DEFER(currentEvent = outer);
    // The start-up event lasts as long as the isolate (its timers are all in it): each of its
    // callbacks gets the console budget of an event of its own.
    if (&event == startupEvent.get()) event.consoleBytes = 0;
    {
      kj::Maybe<Watchdog::Scope> watch;
      if (config.limits.cpuPerEvent > 0 * kj::SECONDS) {
        watch.emplace(system.watchdog(), isolate, config.limits.cpuPerEvent, &fired);
      }
      {
        v8::TryCatch tryCatch(isolate);
        if (function->Call(scope.context, v8::Undefined(isolate), args.size(), args.begin())
                .IsEmpty() &&
            tryCatch.HasCaught() && !tryCatch.HasTerminated()) {
          log->uncaught(describeException(scope.context, tryCatch.Exception()));
        }
      }
      {
        v8::TryCatch tryCatch(isolate);
        isolate->PerformMicrotaskCheckpoint();
      }
    }
    // Checked after the Scope ends: a watchdog that fired as the code returned leaves a
    // termination pending, which would kill the next event unannounced.
    if (fired && brokenReason == nullptr) brokenReason = "cpu_limit_exceeded"_kj;
    if (brokenReason != nullptr) return failEverything();
    // Each report costs a stack trace and a write: a flood of rejections must not stall
    // the thread (every isolate on it), so only the first few of an event are logged.
    auto limit = config.limits.rejectionReportsPerEvent;
    for (auto i: kj::indices(unhandledRejections)) {
      if (i == limit) {
        log->uncaught(kj::str(unhandledRejections.size() - limit, " more unhandled rejections "
                              "in this event were not logged"));
        break;
      }
      log->uncaught(kj::str("(in promise) ", describeException(
                                                 scope.context,
                                                 unhandledRejections[i].second.Get(isolate))));
    }
    unhandledRejections.clear();
  }

  static void onPromiseReject(v8::PromiseRejectMessage message) {
    auto promise = message.GetPromise();
    auto isolate = promise->GetIsolate();
    auto& self = *static_cast<Impl*>(isolate->GetData(0));
    auto& list = self.unhandledRejections;
    if (message.GetEvent() == v8::kPromiseRejectWithNoHandler) {
      list.add(v8::Global<v8::Promise>(isolate, promise),
               v8::Global<v8::Value>(isolate, message.GetValue()));
    } else if (message.GetEvent() == v8::kPromiseHandlerAddedAfterReject) {
      for (size_t i = 0; i < list.size(); ++i) {
        if (list[i].first == promise) {
          list[i] = kj::mv(list.back());
          list.removeLast();
          break;
        }
      }
    }
  }

  // "WORKER: LIMIT (request ID): what happened", the log line of a limit hit; the id is the
  // one the client got in its shoal-request-id header, when there is one.
  kj::String limitLine(kj::StringPtr requestId, kj::StringPtr limit, kj::StringPtr what) {
    if (requestId.size() == 0) return kj::str(config.name, ": ", limit, ": ", what);
    return kj::str(config.name, ": ", limit, " (request ", requestId, "): ", what);
  }

  // After the isolate was terminated: nothing in it will ever answer.
  void failEverything() {
    isolate->CancelTerminateExecution();
    auto reason = KJ_ASSERT_NONNULL(brokenReason);
    auto limit = reason == "cpu_limit_exceeded"
        ? kj::str(config.limits.cpuPerEvent / kj::MILLISECONDS, " ms of CPU time per event")
        : kj::str(config.limits.heapBytes >> 20, " MiB of heap");
    log->uncaught(limitLine(currentEvent->requestId, reason,
                            kj::str("the worker exceeded its limit of ", limit,
                                    "; its isolate was discarded")));
    auto waiting = kj::mv(pending);
    for (auto& entry: waiting) entry.value.fulfiller->fulfill(errorResponse(503, reason));
    auto waitingSessions = kj::mv(pendingSessions);
    for (auto& entry: waitingSessions) {
      entry.value->fulfill(SessionOutcome{nullptr, nullptr, kj::str(reason)});
    }
    auto waitingScheduled = kj::mv(pendingScheduled);
    for (auto& entry: waitingScheduled) entry.value->fulfill(kj::str(reason));
    auto waitingRuns = kj::mv(pendingRuns);
    for (auto& entry: waitingRuns) {
      entry.value->fulfill(RunResult{nullptr, reason, kj::str("the task exceeded its limit of ",
                                                              limit)});
    }
    // Its streaming responses stop, as failures (never as complete bodies).
    for (auto& entry: streamingBodies) {
      entry.value.pipe->fail(KJ_EXCEPTION(FAILED, "the worker was stopped at a limit"));
    }
    streamingBodies.clear();
    // Nothing will answer on its sockets either.
    for (auto& entry: sockets) {
      KJ_IF_MAYBE(outlet, entry.value.outlet) (*outlet)->close(1011, reason);
      entry.value.closedByWorker = true;
    }
    timers.clear();
    timerQueue.clear();
    unhandledRejections.clear();
  }

  void armTimerWake() {
    if (timerQueue.empty()) return;
    auto due = std::get<0>(*timerQueue.begin());
    KJ_IF_MAYBE(at, wakeAt) {
      if (*at <= due) return;  // an earlier wake-up is armed already
    }
    wakeAt = due;
    uint64_t generation = ++wakeGeneration;
    tasks->add(timer.atTime(due).then([this, generation]() {
      if (generation != wakeGeneration) return;
      wakeAt = nullptr;
      runDueTimers();
    }));
  }

  // Runs every timer due by now, earliest first; an interval due again by now (the loop
  // was late) runs again in order.
  void runDueTimers() {
    auto now = timer.now();
    while (brokenReason == nullptr && !timerQueue.empty() &&
           std::get<0>(*timerQueue.begin()) <= now) {
      auto [due, sequence, id] = *timerQueue.begin();
      timerQueue.erase(timerQueue.begin());
      auto& state = KJ_ASSERT_NONNULL(timers.find(id));
      JsScope scope(*this);
      auto callback = state.callback.Get(isolate);
      auto event = kj::addRef(*state.event);
      if (state.repeat) {
        // Never zero: an interval of 0 must not run forever within one turn.
        state.due = due + kj::max(state.interval, 1 * kj::MILLISECONDS);
        state.sequence = nextTimerSequence++;
        timerQueue.insert({state.due, state.sequence, id});
      } else {
        --event->timers;
        timers.erase(id);
      }
      callJs(scope, callback, nullptr, *event);
    }
    armTimerWake();
  }

  // "file:line:col: " followed by the stack (or the message when there is none).
  kj::String describeException(v8::Local<v8::Context> context, v8::Local<v8::Value> exception) {
    auto message = v8::Exception::CreateMessage(isolate, exception);
    kj::String where;
    auto resource = message->GetScriptResourceName();
    if (!resource.IsEmpty() && resource->IsString() && message->GetLineNumber(context).IsJust()) {
      where = kj::str(toKj(isolate, resource), ":", message->GetLineNumber(context).FromJust(),
                      ":", message->GetStartColumn(context).FromMaybe(0) + 1, ": ");
    }
    kj::String text;
    if (exception->IsObject()) {
      auto stack = exception.As<v8::Object>()->Get(context, toV8(isolate, "stack"));
      if (!stack.IsEmpty() && stack.ToLocalChecked()->IsString()) {
        text = toKj(isolate, stack.ToLocalChecked());
      }
    }
    if (text == nullptr) text = toKj(isolate, message->Get());
    return mapPositions(kj::str(where, text));
  }

  [[noreturn]] void throwUserError(kj::String message) {
    kj::throwFatalException(
        kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__, kj::mv(message)));
  }

  // Loads `path` and everything it imports, depth first. `importer` names who asked.
  void loadModule(ModuleSource& source, kj::StringPtr path, kj::StringPtr importer) {
    for (auto& record: moduleRecords) {
      if (record.path == path) return;
    }
    auto context = isolate->GetCurrentContext();
    kj::String text;
    KJ_IF_MAYBE(found, source.read(path)) {
      text = kj::mv(*found);
    } else {
      throwUserError(importer == nullptr
                         ? kj::str(source.displayName(path), ": no such file")
                         : kj::str(importer, ": cannot import '", path, "': no such file"));
    }
    auto name = source.displayName(path);
    v8::ScriptOrigin origin(isolate, toV8(isolate, name), 0, 0, false, -1, {}, false, false,
                            /* is_module = */ true);
    v8::ScriptCompiler::Source compilerSource(toV8(isolate, text), origin);
    v8::TryCatch tryCatch(isolate);
    v8::Local<v8::Module> module;
    if (!v8::ScriptCompiler::CompileModule(isolate, &compilerSource).ToLocal(&module)) {
      throwUserError(describeException(context, tryCatch.Exception()));
    }
    moduleRecords.add(ModuleRecord{kj::heapString(path), v8::Global<v8::Module>(isolate, module)});
    modulePaths.add(kj::heapString(path));
    KJ_IF_MAYBE(mapText, source.read(kj::str(path, ".map"))) {
      KJ_IF_MAYBE(map, SourceMap::parse(*mapText)) {
        MappedModule mapped{kj::heapString(name), kj::mv(*map), {}};
        for (auto& file: mapped.map.sources()) mapped.sourceNames.add(source.displayName(file));
        sourceMaps.add(kj::mv(mapped));
      }
    }

    auto requests = module->GetModuleRequests();
    for (int i = 0; i < requests->Length(); ++i) {
      auto request = requests->Get(context, i).As<v8::ModuleRequest>();
      auto specifier = toKj(isolate, request->GetSpecifier());
      KJ_IF_MAYBE(target, resolveImport(path, specifier)) {
        loadModule(source, *target, name);
      } else {
        auto location = module->SourceOffsetToLocation(request->GetSourceOffset());
        throwUserError(kj::str(name, ":", location.GetLineNumber() + 1, ":",
                               location.GetColumnNumber() + 1, ": cannot import '", specifier,
                               "': a worker imports only its own files, by relative path "
                               "(\"./file.js\")"));
      }
    }
  }

  static v8::MaybeLocal<v8::Module> resolveModule(v8::Local<v8::Context> context,
                                                  v8::Local<v8::String> specifier,
                                                  v8::Local<v8::FixedArray> assertions,
                                                  v8::Local<v8::Module> referrer) {
    auto isolate = context->GetIsolate();
    auto& self = *static_cast<Impl*>(isolate->GetData(0));
    for (auto& from: self.moduleRecords) {
      if (from.module.Get(isolate) != referrer) continue;
      KJ_IF_MAYBE(path, resolveImport(from.path, toKj(isolate, specifier))) {
        for (auto& to: self.moduleRecords) {
          if (to.path == *path) return to.module.Get(isolate);
        }
      }
    }
    // loadModule resolved every import already; only a bug gets here.
    isolate->ThrowException(v8::Exception::Error(toV8(isolate, "internal error: unresolved import")));
    return {};
  }

  // Loads the main module and its imports, evaluates them, returns the namespace.
  v8::Local<v8::Object> evaluateModules(ModuleSource& source) {
    auto context = isolate->GetCurrentContext();
    loadModule(source, config.mainModule, nullptr);
    auto main = moduleRecords[0].module.Get(isolate);

    v8::TryCatch tryCatch(isolate);
    if (!main->InstantiateModule(context, &Impl::resolveModule).FromMaybe(false)) {
      throwUserError(describeException(context, tryCatch.Exception()));
    }
    v8::Local<v8::Value> evaluated;
    {
      Watchdog::Scope watch(system.watchdog(), isolate, config.limits.cpuStartup);
      bool ok = main->Evaluate(context).ToLocal(&evaluated);
      if (ok) isolate->PerformMicrotaskCheckpoint();
      checkStartupLimits(watch, source);
      if (!ok) throwUserError(describeException(context, tryCatch.Exception()));
    }
    if (main->GetStatus() == v8::Module::kErrored) {
      throwUserError(describeException(context, main->GetException()));
    }
    auto promise = evaluated.As<v8::Promise>();
    if (promise->State() == v8::Promise::kPending) {
      throwUserError(kj::str(source.displayName(config.mainModule),
                             ": top-level await did not finish while the worker started"));
    }
    return main->GetModuleNamespace().As<v8::Object>();
  }

  // A service-worker style script: no import or export anywhere, so it runs as a classic
  // script (sloppy mode, top-level `var`s on the global), as Workers runs such scripts.
  static bool isClassicScript(kj::StringPtr text) {
    return strstr(text.cStr(), "import") == nullptr && strstr(text.cStr(), "export") == nullptr;
  }

  void runClassicScript(ModuleSource& source, kj::StringPtr text) {
    auto context = isolate->GetCurrentContext();
    auto name = source.displayName(config.mainModule);
    modulePaths.add(kj::heapString(config.mainModule));
    v8::ScriptOrigin origin(isolate, toV8(isolate, name));
    v8::ScriptCompiler::Source compilerSource(toV8(isolate, text), origin);
    v8::TryCatch tryCatch(isolate);
    v8::Local<v8::Script> script;
    if (!v8::ScriptCompiler::Compile(context, &compilerSource).ToLocal(&script)) {
      throwUserError(describeException(context, tryCatch.Exception()));
    }
    Watchdog::Scope watch(system.watchdog(), isolate, config.limits.cpuStartup);
    bool ok = !script->Run(context).IsEmpty();
    if (ok) isolate->PerformMicrotaskCheckpoint();
    checkStartupLimits(watch, source);
    if (!ok) throwUserError(describeException(context, tryCatch.Exception()));
  }

  void checkStartupLimits(Watchdog::Scope& watch, ModuleSource& source) {
    if (watch.fired()) {
      throwUserError(kj::str(source.displayName(config.mainModule),
                             ": cpu_limit_exceeded: starting the worker took more than ",
                             config.limits.cpuStartup / kj::MILLISECONDS, " ms of CPU time"));
    }
    if (brokenReason != nullptr) {
      throwUserError(kj::str(source.displayName(config.mainModule),
                             ": memory_limit_exceeded while the worker started"));
    }
  }

  void loadMainModule(ModuleSource& source) {
    auto context = isolate->GetCurrentContext();
    v8::Local<v8::Object> exports;
    KJ_IF_MAYBE(text, source.read(config.mainModule)) {
      if (isClassicScript(*text)) {
        runClassicScript(source, *text);
        exports = v8::Object::New(isolate);
      }
    }
    if (exports.IsEmpty()) exports = evaluateModules(source);

    v8::TryCatch tryCatch(isolate);
    auto pairs = [&](kj::ArrayPtr<const HttpHeader> list) {  // flat [name, value, ...]
      auto array = v8::Array::New(isolate, list.size() * 2);
      uint32_t j = 0;
      for (auto& pair: list) {
        array->Set(context, j++, toV8(isolate, pair.name)).Check();
        array->Set(context, j++, toV8(isolate, pair.value)).Check();
      }
      return array;
    };
    auto sessions = v8::Array::New(isolate, config.sessions.size() * 2);
    uint32_t i = 0;
    for (auto& binding: config.sessions) {
      sessions->Set(context, i++, toV8(isolate, binding.name)).Check();
      sessions->Set(context, i++, toV8(isolate, binding.className)).Check();
    }
    auto names = [&](kj::ArrayPtr<const kj::String> list) {
      auto array = v8::Array::New(isolate, list.size());
      for (auto j: kj::indices(list)) array->Set(context, j, toV8(isolate, list[j])).Check();
      return array;
    };
    auto handedSessions = v8::Array::New(isolate, config.handedSessions.size() * 4);
    i = 0;
    for (auto& session: config.handedSessions) {
      handedSessions->Set(context, i++, toV8(isolate, session.name)).Check();
      handedSessions->Set(context, i++, toV8(isolate, session.binding)).Check();
      handedSessions->Set(context, i++, toV8(isolate, session.id)).Check();
      handedSessions->Set(context, i++, session.sessionName.size() > 0
                                            ? toV8(isolate, session.sessionName).As<v8::Value>()
                                            : v8::Null(isolate).As<v8::Value>())
          .Check();
    }
    v8::Local<v8::Value> args[] = {exports,         pairs(config.vars),     sessions,
                                   names(config.services), pairs(config.jsonVars),
                                   names(config.loaders),  handedSessions};
    auto setEntrypoint = getFunction(internal.Get(isolate), "setEntrypoint");
    // The worker's own code may run here too (a getter on its default export, say).
    Watchdog::Scope watch(system.watchdog(), isolate, config.limits.cpuStartup);
    bool ok = !setEntrypoint->Call(context, v8::Undefined(isolate), kj::size(args), args)
                   .IsEmpty();
    if (ok) isolate->PerformMicrotaskCheckpoint();
    checkStartupLimits(watch, source);
    if (!ok) {
      auto exception = tryCatch.Exception();
      kj::String message;
      if (exception->IsNativeError()) {
        message = toKj(isolate, exception.As<v8::Object>()
                                    ->Get(context, toV8(isolate, "message"))
                                    .FromMaybe(v8::Local<v8::Value>()));
      } else {
        message = describeException(context, exception);
      }
      throwUserError(kj::str(source.displayName(config.mainModule), ": ", message));
    }
  }
};

kj::Own<WarmIsolate> Worker::prepare(V8System& system, kj::Timer& timer, size_t heapBytes) {
  auto warm = kj::heap<WarmIsolate>();
  warm->impl = kj::heap<Impl>(system, timer, heapBytes);
  warm->impl->bootstrap();
  return warm;
}

Worker::Worker(kj::Own<WarmIsolate> warm, ModuleSource& modules, WorkerConfig config,
               WorkerLog& log)
    : impl(kj::mv(warm->impl)) {
  impl->adopt(kj::mv(config), log, modules);
}

Worker::Worker(V8System& system, kj::Timer& timer, ModuleSource& modules, WorkerConfig config,
               WorkerLog& log)
    : Worker(prepare(system, timer, config.limits.heapBytes), modules, kj::mv(config), log) {}

WarmIsolate::WarmIsolate() {}
WarmIsolate::~WarmIsolate() noexcept(false) {}

Worker::~Worker() noexcept(false) {}

kj::Promise<WorkerResponse> Worker::fetch(WorkerRequest request) {
  return impl->fetch(kj::mv(request));
}

kj::Promise<SessionOutcome> Worker::runSession(SessionEvent event) {
  return impl->runSession(kj::mv(event));
}

kj::Promise<kj::Maybe<kj::String>> Worker::scheduled(kj::StringPtr cron, double scheduledTimeMs) {
  return impl->scheduled(cron, scheduledTimeMs);
}

kj::Promise<RunResult> Worker::run(kj::StringPtr inputJson) { return impl->run(inputJson); }

kj::ArrayPtr<const kj::String> Worker::modulePaths() const { return impl->modulePaths; }

const WorkerConfig& Worker::config() const { return impl->config; }

bool Worker::isBroken() const { return impl->brokenReason != nullptr; }

kj::Maybe<kj::StringPtr> Worker::brokenReason() const { return impl->brokenReason; }

size_t Worker::memoryBytes() const { return impl->memoryBytes(); }

void Worker::compactMemory() { impl->compactMemory(); }

EventLimitHits Worker::eventLimitHits() const { return impl->limitHits; }

uint64_t Worker::sandboxesMade() const { return impl->sandboxesMade(); }

}  // namespace shoal
