#include "runtime/watchdog.h"

#include <pthread.h>

#include <chrono>

#include <kj/debug.h>
#include <v8.h>

namespace shoal {

namespace {

constexpr auto TICK = std::chrono::milliseconds(1);
// After this long with nothing armed the thread sleeps until the next Scope, so an idle
// process does not wake a thousand times a second; under load it never sleeps, and
// arming costs no wake-up.
constexpr int IDLE_TICKS_BEFORE_SLEEP = 100;

// The innermost Scope alive on this thread, for firedOnThisThread().
thread_local Watchdog::Scope* innermostScope = nullptr;

int64_t nowNs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

}  // namespace

Watchdog::Watchdog() : thread([this]() { run(); }) {}

Watchdog::~Watchdog() noexcept(false) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wake.notify_one();
  thread.join();
}

Watchdog::Scope::Scope(Watchdog& watchdog, v8::Isolate* isolate, kj::Duration budget,
                       bool* firedAtEnd)
    : watchdog(watchdog), isolate(isolate), firedAtEnd(firedAtEnd), outer(innermostScope) {
  KJ_ASSERT(pthread_getcpuclockid(pthread_self(), &cpuClock) == 0);
  innermostScope = this;
  budgetNs = budget / kj::NANOSECONDS;
  bool wakeUp;
  {
    std::lock_guard<std::mutex> lock(watchdog.mutex);
    watchdog.armed.add(*this);
    wakeUp = watchdog.sleeping;
    watchdog.sleeping = false;
  }
  if (wakeUp) watchdog.wake.notify_one();
}

Watchdog::Scope::~Scope() noexcept(false) {
  innermostScope = outer;
  std::lock_guard<std::mutex> lock(watchdog.mutex);
  watchdog.armed.remove(*this);
  if (firedAtEnd != nullptr) *firedAtEnd = fired_;
}

bool Watchdog::Scope::fired() const {
  std::lock_guard<std::mutex> lock(watchdog.mutex);
  return fired_;
}

bool Watchdog::Scope::firedOnThisThread() {
  return innermostScope != nullptr && innermostScope->fired();
}

void Watchdog::run() {
  std::unique_lock<std::mutex> lock(mutex);
  int idleTicks = 0;
  while (!stopping) {
    if (armed.empty() && ++idleTicks > IDLE_TICKS_BEFORE_SLEEP) {
      sleeping = true;
      wake.wait(lock, [this]() { return !sleeping || stopping; });
      idleTicks = 0;
      continue;
    }
    wake.wait_for(lock, TICK);
    for (auto& scope: armed) {
      idleTicks = 0;
      if (scope.fired_) continue;
      int64_t now = nowNs(scope.cpuClock);
      if (scope.deadlineNs < 0) {
        scope.deadlineNs = now + scope.budgetNs;
      } else if (now >= scope.deadlineNs) {
        scope.fired_ = true;
        // Safe from any thread; the scope's owner cannot leave the list while we hold
        // the lock, so the isolate is alive.
        scope.isolate->TerminateExecution();
      }
    }
  }
}

}  // namespace shoal
