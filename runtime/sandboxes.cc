#include "runtime/sandboxes.h"

#include <kj/debug.h>

#include "runtime/memory-module-source.h"

namespace shoal {

WorkerLimits clampSandboxLimits(WorkerLimits asked, const WorkerLimits& caller) {
  auto atMost = [](auto& value, auto bound) {
    if (value > bound) value = bound;
  };
  // A caller with no CPU limit (a benchmark's) does not lift its sandboxes'.
  if (caller.cpuPerEvent > 0 * kj::SECONDS) atMost(asked.cpuPerEvent, caller.cpuPerEvent);
  atMost(asked.cpuStartup, caller.cpuStartup);
  atMost(asked.heapBytes, caller.heapBytes);
  // The least a heap may be, as for one-shot tasks.
  if (asked.heapBytes < RunLimits::MIN_HEAP_BYTES) asked.heapBytes = RunLimits::MIN_HEAP_BYTES;
  atMost(asked.wallPerRequest, caller.wallPerRequest);
  // Less than the caller's: a call to the sandbox costs the caller one more (see
  // Sandboxes::subrequestLimit).
  atMost(asked.subrequestsPerRequest, caller.subrequestsPerRequest - 1);
  atMost(asked.timersPerEvent, caller.timersPerEvent);
  atMost(asked.timers, caller.timers);
  atMost(asked.concurrentRequests, caller.concurrentRequests);
  atMost(asked.consoleBytesPerEvent, caller.consoleBytesPerEvent);
  atMost(asked.requestBodyBytes, caller.requestBodyBytes);
  atMost(asked.subrequestBodyBytes, caller.subrequestBodyBytes);
  return asked;
}

namespace {

kj::Promise<SubrequestOutcome> refused(kj::String why) {
  return SubrequestOutcome{nullptr, kj::mv(why)};
}

}  // namespace

// A sandbox's way out: only through what its caller handed it, and then as the caller.
class Sandboxes::Gateway final : public Subrequests {
 public:
  Gateway(kj::Maybe<Subrequests&> caller, kj::Vector<HttpHeader> services,
          kj::Maybe<kj::String> outbound)
      : caller(caller), services(kj::mv(services)), outbound(kj::mv(outbound)) {}

  kj::Promise<SubrequestOutcome> fetch(WorkerRequest request) override {
    KJ_IF_MAYBE(binding, outbound) return throughCaller(*binding, kj::mv(request));
    return refused(kj::str("fetch() to ", request.url, " refused: this sandbox has no network "
                           "(its loader passed no outbound binding)"));
  }

  // Whether any call could go out: without, every one is refused, whatever its limit.
  bool reachesAnything() const { return outbound != nullptr || services.size() > 0; }

  kj::Promise<SubrequestOutcome> service(kj::StringPtr binding, WorkerRequest request) override {
    for (auto& service: services) {
      if (service.name == binding) return throughCaller(service.value, kj::mv(request));
    }
    return refused(kj::str("the sandbox has no service binding ", binding));
  }

 private:
  kj::Maybe<Subrequests&> caller;
  kj::Vector<HttpHeader> services;
  kj::Maybe<kj::String> outbound;

  kj::Promise<SubrequestOutcome> throughCaller(kj::StringPtr binding, WorkerRequest request) {
    KJ_IF_MAYBE(gate, caller) return gate->service(binding, kj::mv(request));
    return refused(kj::str("the service binding ", binding, " refused: its worker has none "
                           "granted here"));
  }
};

// A sandbox's session stubs' way to the caller's sessions: only to the ones it was handed,
// each event on a turn of its own (it runs the caller's isolate, or goes to another host).
class Sandboxes::SessionGate final : public SessionRouting {
 public:
  SessionGate(SessionRouting& caller, kj::ArrayPtr<const HandedSession> handed)
      : caller(caller) {
    for (auto& session: handed) {
      allowed.add(HandedSession{kj::str(session.name), kj::str(session.binding),
                                kj::str(session.id), kj::str(session.sessionName)});
    }
  }

  kj::Promise<SessionOutcome> route(SessionEvent event) override {
    for (auto& session: allowed) {
      if (session.binding == event.binding && session.id == event.id) {
        event.name = kj::str(session.sessionName);  // as handed, whatever the sandbox says
        return kj::evalLater([this, event = kj::mv(event)]() mutable {
          return caller.route(kj::mv(event));
        });
      }
    }
    SessionOutcome refused;
    refused.error = kj::str("the sandbox was not handed the session ", event.id);
    return kj::mv(refused);
  }

 private:
  SessionRouting& caller;
  kj::Vector<HandedSession> allowed;
};

// The caller's log, each line saying which sandbox spoke.
class Sandboxes::Log final : public WorkerLog {
 public:
  Log(WorkerLog& to, kj::StringPtr key) : to(to), prefix(kj::str("[sandbox ", key, "] ")) {}
  void console(kj::StringPtr level, kj::StringPtr text) override {
    to.console(level, kj::str(prefix, text));
  }
  void uncaught(kj::StringPtr text) override { to.uncaught(kj::str(prefix, text)); }

 private:
  WorkerLog& to;
  kj::String prefix;
};

struct Sandboxes::Sandbox final : public kj::Refcounted {
  kj::String key;
  kj::Own<Gateway> gateway;  // before `worker`, which uses it
  kj::Maybe<kj::Own<SessionGate>> sessionGate;  // likewise, when it was handed sessions
  kj::Own<Log> log;          // likewise
  kj::Own<Worker> worker;
  kj::TimePoint lastUsed = kj::origin<kj::TimePoint>();  // for the idle sweep
  uint64_t lastUse = 0;  // for least recently used: the loop's clock may not have moved
  size_t memoryBytes = 0;  // as last measured, counted in totalBytes while in the map
};

Sandboxes::Sandboxes(V8System& system, kj::Timer& timer, kj::StringPtr owner, WorkerLog& log,
                     const WorkerLimits& callerLimits, kj::Maybe<Subrequests&> subrequests,
                     SessionRouting& sessions, kj::Maybe<IsolateSupply&> supply)
    : system(system),
      timer(timer),
      owner(kj::str(owner)),
      log(log),
      callerLimits(callerLimits),
      subrequests(subrequests),
      sessions(sessions),
      supply(supply) {}

Sandboxes::~Sandboxes() noexcept(false) {}

bool Sandboxes::isWarm(kj::StringPtr key) {
  KJ_IF_MAYBE(found, sandboxes.find(key)) {
    touch(**found);
    return !(*found)->worker->isBroken();
  }
  return false;
}

kj::Maybe<kj::String> Sandboxes::load(kj::StringPtr key, SandboxCode code) {
  drop(key);
  MemoryModuleSource modules;
  for (auto& module: code.modules) modules.add(module.name, module.value);
  WorkerConfig config;
  for (auto& service: code.services) config.services.add(kj::str(service.name));
  auto sandbox = kj::refcounted<Sandbox>();
  sandbox->key = kj::str(key);
  sandbox->gateway = kj::heap<Gateway>(subrequests, kj::mv(code.services), kj::mv(code.outbound));
  sandbox->log = kj::heap<Log>(log, key);
  config.name = kj::str(owner, " sandbox ", key);
  config.mainModule = kj::mv(code.mainModule);
  config.vars = kj::mv(code.vars);
  config.jsonVars = kj::mv(code.jsonVars);
  config.limits = clampSandboxLimits(code.limits, callerLimits);
  config.subrequests = *sandbox->gateway;
  if (code.sessions.size() > 0) {
    auto gate = kj::heap<SessionGate>(sessions, code.sessions);
    config.sessionRouting = *gate;
    sandbox->sessionGate = kj::mv(gate);
    config.handedSessions = kj::mv(code.sessions);
  }
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
    auto heapBytes = config.limits.heapBytes;
    KJ_IF_MAYBE(from, supply) {
      sandbox->worker = kj::heap<Worker>(from->take(heapBytes), modules, kj::mv(config),
                                         *sandbox->log);
    } else {
      sandbox->worker = kj::heap<Worker>(system, timer, modules, kj::mv(config), *sandbox->log);
    }
  })) {
    return kj::str(exception->getDescription());
  }
  ++madeCount;
  touch(*sandbox);
  measure(*sandbox);
  totalBytes += sandbox->memoryBytes;
  sandboxes.insert(kj::str(key), kj::mv(sandbox));
  evictOverBudget(key);
  scheduleSweep();
  return nullptr;
}

kj::Promise<SubrequestOutcome> Sandboxes::fetch(kj::StringPtr key, WorkerRequest request) {
  kj::Own<Sandbox> sandbox;
  KJ_IF_MAYBE(found, sandboxes.find(key)) {
    sandbox = kj::addRef(**found);
  } else {
    return refused(kj::str("the sandbox ", key, " was unloaded before the request reached it"));
  }
  touch(*sandbox);
  auto& worker = *sandbox->worker;
  return worker.fetch(kj::mv(request))
      .then([this, sandbox = kj::mv(sandbox)](WorkerResponse response) mutable {
        // Its body (when it streams) is read from the sandbox's isolate: keep it until read.
        KJ_IF_MAYBE(body, response.bodyStream) {
          response.bodyStream = kj::mv(*body).attach(kj::addRef(*sandbox));
        }
        // A sandbox a limit broke serves no more: the next use makes it again.
        if (sandbox->worker->isBroken()) {
          if (isCurrent(*sandbox)) drop(sandbox->key);
        } else {
          measure(*sandbox);
        }
        return SubrequestOutcome{kj::mv(response), nullptr};
      });
}

size_t Sandboxes::subrequestLimit(kj::StringPtr key) {
  KJ_IF_MAYBE(found, sandboxes.find(key)) {
    auto& sandbox = **found;
    if (!sandbox.gateway->reachesAnything()) return 0;
    return sandbox.worker->config().limits.subrequestsPerRequest;
  }
  return 0;
}

void Sandboxes::drop(kj::StringPtr key) {
  KJ_IF_MAYBE(found, sandboxes.find(key)) {
    totalBytes -= (*found)->memoryBytes;
    sandboxes.erase(key);
  }
}

void Sandboxes::touch(Sandbox& sandbox) {
  sandbox.lastUsed = timer.now();
  sandbox.lastUse = ++uses;
}

bool Sandboxes::isCurrent(Sandbox& sandbox) {
  KJ_IF_MAYBE(found, sandboxes.find(sandbox.key)) return found->get() == &sandbox;
  return false;
}

void Sandboxes::measure(Sandbox& sandbox) {
  bool counted = isCurrent(sandbox);
  if (counted) totalBytes -= sandbox.memoryBytes;
  sandbox.memoryBytes = sandbox.worker->memoryBytes();
  if (counted) totalBytes += sandbox.memoryBytes;
}

void Sandboxes::evictOverBudget(kj::StringPtr keep) {
  while (sandboxes.size() > callerLimits.sandboxesLoaded ||
         totalBytes > callerLimits.sandboxMemoryBytes) {
    kj::Maybe<Sandbox&> oldest;
    for (auto& entry: sandboxes) {
      auto& sandbox = *entry.value;
      if (sandbox.key == keep || sandbox.isShared()) continue;  // in use: not now
      KJ_IF_MAYBE(o, oldest) {
        if (sandbox.lastUse >= o->lastUse) continue;
      }
      oldest = sandbox;
    }
    KJ_IF_MAYBE(o, oldest) {
      drop(kj::str(o->key));
    } else {
      return;
    }
  }
}

void Sandboxes::sweepIdle() {
  sweepScheduled = false;
  auto now = timer.now();
  kj::Vector<kj::String> idle;
  for (auto& entry: sandboxes) {
    auto& sandbox = *entry.value;
    if (!sandbox.isShared() && now - sandbox.lastUsed >= callerLimits.sandboxIdle) {
      idle.add(kj::str(sandbox.key));
    }
  }
  for (auto& key: idle) drop(key);
  if (sandboxes.size() > 0) scheduleSweep();
}

void Sandboxes::scheduleSweep() {
  if (sweepScheduled) return;
  sweepScheduled = true;
  sweep = timer.afterDelay(callerLimits.sandboxIdle)
              .then([this]() { sweepIdle(); })
              .eagerlyEvaluate(nullptr);
}

}  // namespace shoal
