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
}

struct Request {
  method @0 :Text;
  url @1 :Text;           # absolute
  headers @2 :List(Header);
  hasBody @3 :Bool;       # the body is `body`...
  body @4 :Data;
  bodyStreams @5 :Bool;   # ...or it follows through dispatch's `requestBody` stream
}

struct Response {
  status @0 :UInt16;
  statusText @1 :Text;
  headers @2 :List(Header);
  body @3 :Data;          # the whole body when it is small; else see ResponseSink
}

interface ByteStream {
  # Bytes flowing one way, in order. Flow control is Cap'n Proto's streaming.
  write @0 (bytes :Data) -> stream;
  end @1 ();  # no more bytes: the body is complete
}

interface ResponseSink {
  # Where a host sends a response too big to return inline: the head first, then the
  # body through the stream it gets back.
  respond @0 (response :Response) -> (body :ByteStream);
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
}

interface IsolateHost {
  load @0 (version :WorkerVersion) -> (error :Text);
  # Builds an isolate for the version and runs its modules. `error` is empty on success,
  # else the user's mistake as "file:line:col: message", and nothing was loaded.
  # Loading a version that is loaded already does nothing.

  dispatch @1 (worker :Text, version :Text, request :Request, sink :ResponseSink)
      -> (response :Response, notLoaded :Bool, requestBody :ByteStream);
  # Runs the version's fetch handler. `notLoaded` is true (and nothing else set) when the
  # host does not hold that version, for example after a restart: load it and retry.
  # If the request's body streams, the call returns at once with `requestBody` to write
  # it to, and the response always comes through `sink`. Otherwise the call returns
  # when the handler is done: with `response` if its body is small, else after the
  # host has sent the response through `sink` (then `response` is unset).

  unload @2 (worker :Text, version :Text);
  # Drops the version once its requests in flight have finished.

  stats @3 () -> (stats :HostStats);
}
