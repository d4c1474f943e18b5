// Stops JavaScript that uses more CPU time than it may. One thread watches every isolate
// in the process; arming it costs a lock and a clock read, no thread per isolate.
#pragma once

#include <time.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <kj/common.h>
#include <kj/list.h>
#include <kj/time.h>

namespace v8 {
class Isolate;
}

namespace shoal {

class Watchdog {
 public:
  Watchdog();
  ~Watchdog() noexcept(false);
  KJ_DISALLOW_COPY(Watchdog);

  // While a Scope lives, the JavaScript `isolate` runs on the constructing thread is
  // terminated (v8::Isolate::TerminateExecution) once that thread has spent `budget` of
  // CPU time. The count starts when the watchdog first sees the Scope (within a
  // millisecond): reading a thread's CPU clock is a system call, too dear for every
  // request. Scopes do not nest per isolate.
  class Scope {
   public:
    // `firedAtEnd`, if given, is set when the Scope ends: whether the watchdog fired at
    // all, even after the code returned (a termination may then be pending).
    Scope(Watchdog& watchdog, v8::Isolate* isolate, kj::Duration budget,
          bool* firedAtEnd = nullptr);
    ~Scope() noexcept(false);
    KJ_DISALLOW_COPY(Scope);

    // True if the budget ran out and the isolate was told to terminate.
    bool fired() const;

    // Whether the innermost Scope alive on the calling thread has fired (false when there is
    // none). For native work the termination cannot interrupt (RSA key generation) to give up
    // once the event is out of CPU time, instead of running on past it.
    static bool firedOnThisThread();

   private:
    friend class Watchdog;
    Watchdog& watchdog;
    v8::Isolate* isolate;
    clockid_t cpuClock;
    int64_t budgetNs;
    int64_t deadlineNs = -1;  // on cpuClock, set by the watchdog; guarded by watchdog.mutex
    bool fired_ = false;  // guarded by watchdog.mutex
    bool* firedAtEnd;
    Scope* outer;  // the Scope that was innermost on this thread before this one
    kj::ListLink<Scope> link;
  };

 private:
  std::mutex mutex;
  std::condition_variable wake;
  kj::List<Scope, &Scope::link> armed;  // guarded by mutex
  bool sleeping = false;                // guarded by mutex
  bool stopping = false;                // guarded by mutex
  std::thread thread;

  void run();
};

}  // namespace shoal
