// The sandboxes one worker makes through its env.LOADER bindings (the shape of Cloudflare's
// Worker Loader): each a Worker of its own, in an isolate of its own, running code the
// worker handed over and reaching only what it was handed. A worker's sandboxes are kept
// warm by key and dropped when idle, when their stub is garbage, or, least recently used
// first, past the worker's budget; a dropped one is made again from its code on its next
// use.
#pragma once

#include <kj/map.h>

#include "runtime/worker.h"

namespace shoal {

// What a sandbox is made from, as the caller gave it (runtime/js/loader.js checked it).
struct SandboxCode {
  kj::String mainModule;
  kj::Vector<HttpHeader> modules;   // path -> JavaScript source
  kj::Vector<HttpHeader> vars;      // env.<name> = a string
  kj::Vector<HttpHeader> jsonVars;  // env.<name> = JSON.parse(value)
  // env.<name> -> the caller's service binding <value>: calls go out as the caller's.
  kj::Vector<HttpHeader> services;
  // Session stubs of the caller's, handed over: their events go to the caller's sessions.
  kj::Vector<HandedSession> sessions;
  // Where the sandbox's fetch() goes: the caller's service binding of that name. nullptr:
  // no network, every fetch() refused.
  kj::Maybe<kj::String> outbound;
  WorkerLimits limits;  // within the caller's (clampSandboxLimits)
};

// `asked`, with each limit no larger than the caller's: a sandbox never gets more than the
// worker that made it.
WorkerLimits clampSandboxLimits(WorkerLimits asked, const WorkerLimits& caller);

// Thread affinity: the caller's thread. `system`, `timer`, `log` and what `subrequests` and
// `supply` point to must outlive it.
class Sandboxes {
 public:
  // `owner` names the caller in log lines; `callerLimits` bound each sandbox's and hold the
  // budget (the caller's config, which must outlive this); `subrequests` are the caller's
  // grants (nullptr: none), `sessions` reaches the caller's sessions, `supply` is where
  // isolates come from (nullptr: made when needed).
  Sandboxes(V8System& system, kj::Timer& timer, kj::StringPtr owner, WorkerLog& log,
            const WorkerLimits& callerLimits, kj::Maybe<Subrequests&> subrequests,
            SessionRouting& sessions, kj::Maybe<IsolateSupply&> supply);
  ~Sandboxes() noexcept(false);
  KJ_DISALLOW_COPY(Sandboxes);

  // Whether sandbox `key` is loaded and can take a request now. Counts as a use.
  bool isWarm(kj::StringPtr key);

  // Makes sandbox `key` from `code` (replacing one of that key), dropping others if the
  // budget asks for it. Returns the user's mistake ("task.js:1:5: SyntaxError: ...") if
  // its code does not start; then nothing was kept. Runs the sandbox's modules: call it
  // outside any isolate's scope.
  kj::Maybe<kj::String> load(kj::StringPtr key, SandboxCode code);

  // Sends `request` to sandbox `key`. A sandbox a limit broke is dropped after answering
  // (its 503 names the limit). Call it outside any isolate's scope.
  kj::Promise<SubrequestOutcome> fetch(kj::StringPtr key, WorkerRequest request);

  // The subrequests sandbox `key` may make per request through the caller's grants, which a
  // call to it reserves from the caller's (0 if it reaches nothing, or is not loaded).
  size_t subrequestLimit(kj::StringPtr key);

  // Drops sandbox `key` once its requests in flight are done (its stub is gone).
  void drop(kj::StringPtr key);

  // What the sandboxes hold (Worker::memoryBytes of each, as of its last use).
  size_t memoryBytes() const { return totalBytes; }

  // How many sandboxes were made so far (each load that started).
  uint64_t made() const { return madeCount; }

 private:
  struct Sandbox;
  class Gateway;
  class SessionGate;
  class Log;

  void touch(Sandbox& sandbox);      // used now
  bool isCurrent(Sandbox& sandbox);  // the one the map holds under its key
  void measure(Sandbox& sandbox);    // its memoryBytes again (and totalBytes, if current)
  void evictOverBudget(kj::StringPtr keep);
  void sweepIdle();
  void scheduleSweep();

  V8System& system;
  kj::Timer& timer;
  kj::String owner;
  WorkerLog& log;
  const WorkerLimits& callerLimits;
  kj::Maybe<Subrequests&> subrequests;
  SessionRouting& sessions;
  kj::Maybe<IsolateSupply&> supply;
  size_t totalBytes = 0;
  uint64_t uses = 0;
  uint64_t madeCount = 0;
  kj::HashMap<kj::String, kj::Own<Sandbox>> sandboxes;
  bool sweepScheduled = false;
  kj::Promise<void> sweep = nullptr;  // last: it drops from the map above
};

}  // namespace shoal
