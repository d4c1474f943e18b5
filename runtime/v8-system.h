// The process's V8 platform. Exactly one V8System exists per process: main() makes it
// before any Worker and destroys it after the last one.
#pragma once

#include <kj/array.h>
#include <kj/common.h>
#include <kj/function.h>
#include <kj/mutex.h>
#include <v8.h>

#include <memory>

#include "runtime/watchdog.h"

namespace shoal {

class V8System {
 public:
  V8System();
  ~V8System() noexcept(false);
  KJ_DISALLOW_COPY(V8System);

  v8::Platform& platform() { return *platform_; }
  v8::ArrayBuffer::Allocator& allocator() { return *allocator_; }
  Watchdog& watchdog() { return watchdog_; }

  // A V8 startup snapshot and the table isolates made from it must be given.
  struct StartupSnapshot {
    kj::Array<const char> bytes;
    v8::StartupData blob;                          // points into `bytes`; V8 keeps the pointer
    kj::Array<const intptr_t> externalReferences;  // null-terminated
  };

  // The snapshot worker isolates are made from (runtime/startup-snapshot.h): `make`
  // makes it on the first call, under a lock, and it lasts as long as the V8System.
  // Thread-safe.
  const StartupSnapshot& startupSnapshot(kj::FunctionParam<kj::Own<StartupSnapshot>()> make);

 private:
  std::unique_ptr<v8::Platform> platform_;  // holds the page allocator `pages_` wraps
  std::unique_ptr<v8::PageAllocator> pages_;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator_;
  kj::MutexGuarded<kj::Maybe<kj::Own<StartupSnapshot>>> snapshot;
  Watchdog watchdog_;
};

}  // namespace shoal
