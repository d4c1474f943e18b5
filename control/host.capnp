# The contract between the front end and isolate hosts: the only thing they share.
# A host runs workers in V8 isolates; the front end decides which host runs what, and
# tells it. In `shoal dev` the same interface is held in-process.
@0xe4cdab5f513b6a32;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("shoal::rpc");

struct Header {
  name @0 :Text;
  value @1 :Text;
}

struct Module {
  path @0 :Text;    # relative to the bundle root, e.g. "lib/util.js"
  source @1 :Text;  # JavaScript, UTF-8
}

struct SessionClass {
  binding @0 :Text;    # env.<binding> is the namespace
  className @1 :Text;  # the exported class its sessions are instances of
}

struct Limits {
  # Zero means the host's default (runtime/limits.h).
  cpuPerEventMs @0 :UInt32;
  cpuStartupMs @1 :UInt32;
  heapMib @2 :UInt32;
  subrequests @3 :UInt32;  # fetch() and service calls one request may make
  wallPerRequestMs @4 :UInt32;
  timersPerEvent @5 :UInt32;
  consoleKibPerEvent @6 :UInt32;
  concurrentRequests @7 :UInt32;
}

struct ServiceBinding {
  binding @0 :Text;  # env.<binding>.fetch() reaches...
  service @1 :Text;  # ...this worker (the front end checks it is the same tenant's)
}

struct WorkerVersion {
  # One immutable version of one worker: everything a host needs to run it.
  worker @0 :Text;        # the worker's name, unique on the platform
  version @1 :Text;       # e.g. "v3"; (worker, version) never names two different codes
  mainModule @2 :Text;    # path of the entry module, one of `modules`
  modules @3 :List(Module);
  vars @4 :List(Header);  # env text bindings (vars and secrets alike)
  limits @5 :Limits;
  displayPrefix @6 :Text;  # put before module paths in errors and stacks ("examples/hello/")
  sessions @7 :List(SessionClass);
  services @8 :List(ServiceBinding);  # the host makes env.<binding>; calls go to Subrequests
  loaders @9 :List(Text);  # env.<name> makes sandboxes in this host (runtime/sandboxes.h)
}

struct Request {
  method @0 :Text;
  url @1 :Text;           # absolute
  headers @2 :List(Header);
  hasBody @3 :Bool;       # the body is `body`...
  body @4 :Data;
  bodyStreams @5 :Bool;   # ...or it follows: through dispatch's `requestBody` stream, or,
                          # for a subrequest, from `bodySource`
  serviceDepth @6 :UInt8; # how many service-binding calls deep this request is (0: from a client)
  bodySource @7 :BodySource;
  requestId @8 :Text;     # the front end's name for the request (and the calls it makes), for
                          # log lines; the client sees it as the shoal-request-id header
}

interface BodySource {
  # A body read as the reader wants it: each read answers with the next bytes (at most
  # `maxBytes`), none at the end; an exception if the body failed.
  read @0 (maxBytes :UInt32) -> (bytes :Data);
}

struct Response {
  status @0 :UInt16;
  statusText @1 :Text;
  headers @2 :List(Header);
  body @3 :Data;          # the whole body when it is small; else see ResponseSink
  webSocket @4 :WebSocketPeer;  # status 101: the worker's end, to send the client's messages to
  bodyStreams @5 :Bool;   # a subrequest's: `body` is empty, it follows through `responseBody`
}

struct WebSocketMessage {
  union {
    text @0 :Text;
    binary @1 :Data;
  }
}

interface WebSocketPeer {
  # One direction of a WebSocket the worker accepted: messages for whoever holds this end
  # (the worker, from the client; or the client, from the worker). Calls arrive in order.
  send @0 (message :WebSocketMessage) -> stream;
  close @1 (code :UInt16, reason :Text);  # no more messages; the other side closes too
}

interface ByteStream {
  # Bytes flowing one way, in order. Flow control is Cap'n Proto's streaming.
  write @0 (bytes :Data) -> stream;
  end @1 ();  # no more bytes: the body is complete
}

interface ResponseSink {
  # Where a host sends a response too big to return inline: the head first, then the
  # body through the stream it gets back.
  respond @0 (response :Response, id :UInt64) -> (body :ByteStream);
  # `id`: the dispatch's `sinkId`, when this is the host's shared sink (setSink).
}

struct HostStats {
  liveIsolates @0 :UInt32;   # loaded worker versions
  coldStarts @1 :UInt64;     # isolates built since the host started
  requests @2 :UInt64;       # dispatch calls answered
  errors @3 :UInt64;         # of those, answered with a 5xx
  cpuLimitHits @4 :UInt64;   # requests stopped at the CPU time limit
  memoryLimitHits @5 :UInt64;  # ... at the heap / ArrayBuffer limit (isolate discarded)
  wallLimitHits @6 :UInt64;  # ... at the wall-time limit
  evictions @7 :UInt64;      # isolates dropped to stay within the memory budget
  subrequestLimitHits @8 :UInt64;  # requests that tried more subrequests than allowed
  compactions @9 :UInt64;    # idle isolates compacted (a full GC giving their garbage back)
  timerLimitHits @10 :UInt64;  # requests that tried to have more timers pending than allowed
  concurrencyLimitHits @11 :UInt64;  # requests refused: their isolate had as many as it may
  consoleLimitHits @12 :UInt64;  # events whose console output was cut off
  sandboxes @13 :UInt64;     # sandboxes workers made through env.LOADER
  runs @14 :UInt64;          # one-shot tasks run (IsolateHost.run)
}

struct SessionCall {
  # One event for a session, sent to the host its id is placed on.
  worker @0 :Text;
  version @1 :Text;   # the caller's version: the session runs the same code
  binding @2 :Text;
  id @3 :Text;        # 64 hex digits
  union {
    fetch @4 :Request;
    rpc @5 :Data;     # V8-serialized [method, args]
    alarm @6 :Void;   # an alarm came due (the session's own table decides if it fires)
  }
  name @7 :Text;      # the name the id came from (idFromName), for ctx.id.name; may be empty
  clientSocket @8 :WebSocketPeer;
  # For a fetch asking for a WebSocket upgrade: where the session's messages go if it
  # answers 101 with a webSocket (then the reply's response.webSocket takes the client's).
  responseBody @9 :ByteStream;
  # For a fetch: a response body bigger than a small one streams here after the reply
  # (response.bodyStreams); the request's may stream from its bodySource.
}

struct SessionReply {
  union {
    response @0 :Response;  # for fetch
    rpcResult @1 :Data;     # V8-serialized result, for rpc
    done @2 :Void;          # for alarm
    error @3 :Text;         # the session threw: the caller's promise rejects with this
  }
}

interface SessionRouter {
  # Given to each host by the front end: reaches a session wherever it is placed.
  call @0 (call :SessionCall) -> (reply :SessionReply);
}

struct SubrequestReply {
  union {
    response @0 :Response;  # the whole response, body inline
    error @1 :Text;         # refused or failed: the worker's fetch() rejects with this TypeError
  }
}

interface Subrequests {
  # Everything one worker version may reach beyond its isolate, handed to its host with the
  # version. The front end holds the grants and decides; the host only asks. A worker starts
  # empty: with nothing granted, every call answers `error`.

  fetch @0 (request :Request, responseBody :ByteStream) -> (reply :SubrequestReply);
  # An outbound HTTP request to `request.url`, if the version's outbound allowlist names its
  # host (and private, loopback and link-local addresses only where granted by name).
  # A response body bigger than a small one is not inline: it streams to `responseBody`
  # after the reply (`bodyStreams`), at the pace the worker reads it.

  service @1 (binding :Text, request :Request, responseBody :ByteStream)
      -> (reply :SubrequestReply);
  # A request to the worker the version's service binding `binding` names: its live version,
  # only if it belongs to the same tenant. Its response body as for fetch.
}

struct RunTask {
  # A one-shot task (IsolateHost.run): code, limits, and the one thing to run. Nothing of it
  # outlives the call.
  mainModule @0 :Text;       # path of the entry module, one of `modules`
  modules @1 :List(Module);
  limits @2 :Limits;
  # Only cpuPerEventMs, heapMib and wallPerRequestMs count; zero means the sandbox's default
  # (runtime/limits.h, RunLimits), and more than its maximum is cut to it.
  union {
    request @3 :Request;     # for the default export's fetch(request); body inline
    input @4 :Text;          # JSON text: the argument of the default export's run(input)
  }
}

struct LogLine {
  level @0 :Text;  # "debug", "log", "info", "warn", "error"; "uncaught" for a report the
                   # platform made (an unhandled rejection, a limit hit)
  text @1 :Text;
}

struct RunError {
  kind @0 :Text;
  # "syntax_error"; "startup_error" (an import that does not resolve, no handler, an exception
  # while the modules ran); "uncaught" (the handler threw or rejected);
  # "cpu_limit_exceeded", "memory_limit_exceeded" (in the handler or while the modules ran),
  # "wall_time_limit_exceeded";
  # "response_too_large" (more body than RunLimits::RESPONSE_BYTES)
  message @1 :Text;  # for the user: "file:line:col: ..." when there is a place to point at
  stack @2 :Text;    # the exception's stack, when there is one
}

struct RunOutcome {
  union {
    response @0 :Response;  # what fetch() answered, its whole body inline
    result @1 :Text;        # JSON of the value run(input) resolved to
    error @2 :RunError;
  }
  logs @3 :List(LogLine);  # console output and uncaught reports, in order, at most
                           # RunLimits::LOG_LINES of them
  logsDropped @4 :UInt32;  # lines past that cap
  startMicros @5 :UInt64;  # building the sandbox: isolate (or one from the pool) and modules
  runMicros @6 :UInt64;    # the task, until its answer was whole
}

interface IsolateHost {
  load @0 (version :WorkerVersion, subrequests :Subrequests) -> (error :Text);
  # Builds an isolate for the version and runs its modules. `error` is empty on success,
  # else the user's mistake as "file:line:col: message", and nothing was loaded.
  # Loading a version that is loaded already does nothing. Its fetch() and service calls
  # go to `subrequests` (null: all refused).

  dispatch @1 (worker :Text, version :Text, request :Request, sink :ResponseSink,
               clientSocket :WebSocketPeer, sinkId :UInt64)
      -> (response :Response, notLoaded :Bool, requestBody :ByteStream);
  # Runs the version's fetch handler. `notLoaded` is true (and nothing else set) when the
  # host does not hold that version, for example after a restart: load it and retry.
  # If the request's body streams, the call returns at once with `requestBody` to write
  # it to, and the response always comes through `sink`. Otherwise the call returns
  # when the handler is done: with `response` if its body is small, else after the
  # host has sent the response through `sink` (then `response` is unset).
  # `clientSocket` is set when the request asks for a WebSocket upgrade: if the worker
  # accepts (a 101 response with a webSocket), its messages to the client go there, and
  # `response.webSocket` takes the client's.
  # Without `sink`, "through `sink`" means through the shared sink (setSink), with
  # `sinkId` as its `id`: the front end need not make a capability for every request.

  unload @2 (worker :Text, version :Text);
  # Drops the version once its requests in flight have finished.

  stats @3 () -> (stats :HostStats);

  setRouter @4 (router :SessionRouter);
  # From now on the host's sessions are placed by id across all hosts: a stub's call goes
  # through `router`. Without it (shoal dev) every session is local.

  runSession @5 (call :SessionCall) -> (reply :SessionReply, notLoaded :Bool);
  # Runs one event of a session placed on this host.

  scheduled @6 (worker :Text, version :Text, cron :Text, scheduledTimeMs :Float64)
      -> (error :Text, notLoaded :Bool);
  # Runs the version's scheduled() handler for cron trigger `cron`, due at
  # `scheduledTimeMs` (Unix ms). `error` is empty when the handler (and what it handed to
  # waitUntil) succeeded, else the exception with its stack. `notLoaded` as for dispatch.

  setSink @7 (sink :ResponseSink);
  # Where the responses of dispatch calls without a `sink` of their own go, by `sinkId`.

  run @8 (task :RunTask) -> (outcome :RunOutcome);
  # Runs one task in a sandbox of its own: a fresh isolate with no network (fetch() is
  # refused), no sessions and no bindings, destroyed before the call returns. Failures of the
  # task are the outcome's `error`; the call itself fails only if the host does.
}
