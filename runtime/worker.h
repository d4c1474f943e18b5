// A worker: one tenant's JavaScript, loaded into a V8 isolate of its own.
#pragma once

#include <kj/async-io.h>
#include <kj/async.h>
#include <kj/string.h>
#include <kj/timer.h>
#include <kj/vector.h>

#include "runtime/limits.h"

namespace shoal {

class V8System;

struct HttpHeader {
  kj::String name;
  kj::String value;
};

// A request as it reaches a worker.
struct WorkerRequest {
  kj::String method;
  kj::String url;  // absolute, e.g. "http://localhost:8787/path?q"
  kj::Vector<HttpHeader> headers;
  kj::Maybe<kj::Array<kj::byte>> body;  // the whole body; nullptr: none, or it streams
  // Set when the body arrives as it comes (a big or chunked upload): the worker reads it
  // from here at its own pace. Only for the requests Worker::fetch runs.
  kj::Maybe<kj::Own<kj::AsyncInputStream>> bodyStream;
  // How many service-binding calls deep this request is: 0 from a client, 1 from a worker
  // calling another through env.SERVICE.fetch(), and so on.
  unsigned serviceDepth = 0;
  // The front end's name for the client's request, shared by the subrequests made for it:
  // log lines about it say it (a limit hit, for one), and the client sees it as the
  // shoal-request-id header. May be empty.
  kj::String requestId;
};

struct WebSocketMessage {
  bool binary;  // else UTF-8 text
  kj::Array<kj::byte> data;
};

// Where the messages a worker sends on an accepted WebSocket go: toward the client.
class WebSocketOutlet {
 public:
  virtual ~WebSocketOutlet() noexcept(false) = default;
  virtual void send(WebSocketMessage message) = 0;
  virtual void close(uint16_t code, kj::StringPtr reason) = 0;
};

// A WebSocket the worker accepted: the `webSocket` of its 101 response, standing for the
// client. The host connects it to the client (connect), and feeds it what the client sends.
// Dropping it tells the worker the connection was lost (close 1006). It must not outlive
// its Worker; called on the worker's thread.
class WorkerWebSocket {
 public:
  virtual ~WorkerWebSocket() noexcept(false) = default;
  // Messages the worker sent before this are passed on now, in order.
  virtual void connect(kj::Own<WebSocketOutlet> outlet) = 0;
  virtual void receive(WebSocketMessage message) = 0;
  virtual void receiveClose(uint16_t code, kj::StringPtr reason) = 0;
};

struct WorkerResponse {
  unsigned status;
  kj::String statusText;
  kj::Vector<HttpHeader> headers;
  kj::Array<kj::byte> body;
  // Set when the body streams (a ReadableStream body): read it from here instead of `body`.
  // It ends with an exception, not an end, if the worker's stream fails midway.
  kj::Maybe<kj::Own<kj::AsyncInputStream>> bodyStream;
  kj::Maybe<kj::Own<WorkerWebSocket>> webSocket;  // with status 101
  // Set on the 500 the platform answers when the handler threw or rejected: the exception,
  // with its stack (as logged).
  kj::Maybe<kj::String> uncaught;
};

// What became of a task's run(input) (Worker::run).
struct RunResult {
  kj::Maybe<kj::String> json;  // the value it resolved to, as JSON ("null" for undefined)
  // Else why there is none: "uncaught", "cpu_limit_exceeded", "memory_limit_exceeded" or
  // "wall_time_limit_exceeded", and the exception with its stack, or what the limit was.
  kj::StringPtr errorKind;
  kj::String error;
};

// Where a worker's modules come from: files on disk (`shoal dev`) or an uploaded bundle.
class ModuleSource {
 public:
  virtual ~ModuleSource() noexcept(false) = default;

  // The text of the module at `path`, a normalized path relative to the worker's root
  // ("lib/util.js", never "./" or ".."), or nullptr if there is no such module.
  virtual kj::Maybe<kj::String> read(kj::StringPtr path) = 0;

  // How stack traces and error messages name the module at `path` (for example the
  // path as the user typed it on the command line).
  virtual kj::String displayName(kj::StringPtr path) { return kj::str(path); }
};

// Receives what a worker says (console) and what went wrong inside it. Called on the
// worker's thread.
class WorkerLog {
 public:
  virtual ~WorkerLog() noexcept(false) = default;

  // `level` is "debug", "log", "info", "warn" or "error"; `text` is one formatted call.
  virtual void console(kj::StringPtr level, kj::StringPtr text) = 0;

  // An uncaught exception or rejection, with its stack: the client saw only a 500.
  virtual void uncaught(kj::StringPtr text) = 0;
};

// One event for a session that lives on another host (shoal serve places sessions by
// id), or that reached its own host from elsewhere.
struct SessionEvent {
  enum class Kind { FETCH, RPC, ALARM };
  Kind kind;
  kj::String binding;
  kj::String id;                     // 64 hex digits
  kj::String name;                   // what idFromName was given, or empty
  kj::Maybe<WorkerRequest> request;  // FETCH
  kj::Array<kj::byte> rpc;           // RPC: V8-serialized [method, args]
};

struct SessionOutcome {
  kj::Maybe<WorkerResponse> response;  // FETCH
  kj::Array<kj::byte> rpcResult;       // RPC: V8-serialized result
  kj::Maybe<kj::String> error;         // the session threw; the caller's promise rejects
};

// Where a worker's session events go when its sessions are placed across hosts. Called on
// the worker's thread.
class SessionRouting {
 public:
  virtual ~SessionRouting() noexcept(false) = default;
  virtual kj::Promise<SessionOutcome> route(SessionEvent event) = 0;
};

// What became of a subrequest: the response, or why there is none (refused, unreachable),
// as the message of the TypeError the worker's fetch() rejects with.
struct SubrequestOutcome {
  kj::Maybe<WorkerResponse> response;
  kj::String error;
};

// Where a worker's subrequests go: fetch() to the network, and requests through its service
// bindings. What may be reached is decided behind this interface (by the front end, which
// holds the grants), never inside the isolate. Called on the worker's thread.
class Subrequests {
 public:
  virtual ~Subrequests() noexcept(false) = default;
  virtual kj::Promise<SubrequestOutcome> fetch(WorkerRequest request) = 0;
  virtual kj::Promise<SubrequestOutcome> service(kj::StringPtr binding,
                                                 WorkerRequest request) = 0;
};

struct SessionBinding {
  kj::String name;       // env.<name> is the namespace
  kj::String className;  // the exported class each session is an instance of
};

// A session stub a worker was handed (a sandbox, by its caller): env.<name> reaches the
// session `id` of the binding `binding` (the caller's).
struct HandedSession {
  kj::String name;
  kj::String binding;
  kj::String id;           // 64 hex digits
  kj::String sessionName;  // what idFromName was given, or empty
};

class WarmIsolate;

// Where a worker's sandboxes (env.LOADER, runtime/sandboxes.h) get their isolates: the host
// lends them its warm ones. Called on the worker's thread.
class IsolateSupply {
 public:
  virtual ~IsolateSupply() noexcept(false) = default;
  // An isolate with the Web API ready whose heap limit is `heapBytes`.
  virtual kj::Own<WarmIsolate> take(size_t heapBytes) = 0;
};

struct WorkerConfig {
  kj::String name;        // for logs: the worker's name
  kj::String mainModule;  // path of the entry module, as ModuleSource::read takes it
  kj::Vector<HttpHeader> vars;  // `env` text bindings, name -> value
  WorkerLimits limits;
  kj::Vector<SessionBinding> sessions;
  kj::String sessionsFolder;  // where session databases live (DATA/sessions/WORKER)
  // Set: a stub's events go there (to the session's own host). nullptr: every session is
  // in this isolate. Must outlive the Worker.
  kj::Maybe<SessionRouting&> sessionRouting;
  kj::Vector<kj::String> services;  // env.<name> is a service binding (a fetch() of its own)
  kj::Vector<HttpHeader> jsonVars;   // env.<name> is JSON.parse(value): a sandbox's given env
  kj::Vector<kj::String> loaders;    // env.<name> makes sandboxes (Worker Loader bindings)
  // env.<name> is a stub for a session of another worker (a sandbox's caller): its events go
  // to `sessionRouting`.
  kj::Vector<HandedSession> handedSessions;
  // Where those sandboxes' isolates come from; nullptr: each is made when needed. Must
  // outlive the Worker.
  kj::Maybe<IsolateSupply&> isolateSupply;
  // Where fetch() and service calls go; nullptr: every one is refused. Must outlive the
  // Worker.
  kj::Maybe<Subrequests&> subrequests;
};

// Requests that hit a limit the isolate lives on after (each request once per limit).
struct EventLimitHits {
  uint64_t subrequests = 0;
  uint64_t timers = 0;
  uint64_t concurrency = 0;  // refused: the isolate was working on as many as it may
  uint64_t console = 0;      // their console output was cut off
};

// One isolate, one context, the worker's modules evaluated and its fetch handler found.
//
// Thread affinity: a Worker is created, used and destroyed on the thread that runs the
// KJ event loop its timer belongs to. `system`, `timer`, and `log` must outlive it.
// Module sources are read during construction only.
class Worker {
 public:
  // Compiles and evaluates the worker. A mistake in the worker's code (a syntax error,
  // an exception at start-up, a missing fetch handler, an unresolvable import) throws a
  // kj::Exception whose description is the message for the user, starting with
  // "file:line:col: " when there is a place to point at.
  Worker(V8System& system, kj::Timer& timer, ModuleSource& modules, WorkerConfig config,
         WorkerLog& log);

  // The same, in an isolate made earlier by prepare(), whose heap limit must be at least
  // config.limits.heapBytes (it is lowered to that).
  Worker(kj::Own<WarmIsolate> warm, ModuleSource& modules, WorkerConfig config,
         WorkerLog& log);

  // Makes an isolate, with the Web API bootstrapped, for a future Worker.
  static kj::Own<WarmIsolate> prepare(V8System& system, kj::Timer& timer,
                                      size_t heapBytes = WorkerLimits().heapBytes);
  ~Worker() noexcept(false);
  KJ_DISALLOW_COPY(Worker);

  // Runs the fetch handler. The worker's own failures do not throw: an exception or a
  // rejected promise becomes a 500 response and a line in the log.
  kj::Promise<WorkerResponse> fetch(WorkerRequest request);

  // Runs one event of a session placed here, sent by another host's stub.
  kj::Promise<SessionOutcome> runSession(SessionEvent event);

  // Runs the scheduled() handler for a cron trigger. Resolves to nullptr when it (and its
  // waitUntil work) succeeded, else to what went wrong (also logged).
  kj::Promise<kj::Maybe<kj::String>> scheduled(kj::StringPtr cron, double scheduledTimeMs);

  // Runs the default export's run(input, env, ctx) with `inputJson` parsed, for a one-shot
  // task (IsolateHost.run), under the same per-event limits as a request.
  kj::Promise<RunResult> run(kj::StringPtr inputJson);

  // Every module file the worker loaded, main module first (what a watcher watches).
  kj::ArrayPtr<const kj::String> modulePaths() const;

  const WorkerConfig& config() const;

  // True once the isolate was terminated for exceeding its heap or CPU limit: every
  // later request fails with a 503 naming the limit, and the owner should build a new
  // Worker.
  bool isBroken() const;

  // What the isolate holds now: V8 heap pages in use plus memory outside the heap
  // (ArrayBuffers, malloc'd by V8). For memory budgets; cheap.
  size_t memoryBytes() const;

  // Gives back the memory the isolate's garbage holds: a full, memory-reducing garbage
  // collection (V8's LowMemoryNotification: ~4 ms for a hello world on these machines).
  // For an isolate that is idle, between events, never from inside one.
  void compactMemory();

  // Which limit broke it: "cpu_limit_exceeded" or "memory_limit_exceeded".
  kj::Maybe<kj::StringPtr> brokenReason() const;

  // How many of its events went past the limits it lives on after.
  EventLimitHits eventLimitHits() const;

  // How many sandboxes (env.LOADER) it has made so far.
  uint64_t sandboxesMade() const;

  class Impl;

 private:
  kj::Own<Impl> impl;
};

// An isolate with the Web API ready and no worker in it yet: made ahead of demand, so
// that a cold start only runs the worker's own modules. Never reused once a worker has
// had it.
class WarmIsolate {
 public:
  WarmIsolate();
  ~WarmIsolate() noexcept(false);
  KJ_DISALLOW_COPY(WarmIsolate);

 private:
  friend class Worker;
  kj::Own<Worker::Impl> impl;
};

}  // namespace shoal
