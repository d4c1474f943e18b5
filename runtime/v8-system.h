// The process's V8 platform. Exactly one V8System exists per process: main() makes it
// before any Worker and destroys it after the last one.
#pragma once

#include <memory>

#include <kj/array.h>
#include <kj/common.h>
#include <kj/mutex.h>
#include <kj/vector.h>
#include <v8.h>

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

  // V8's compiled code for each bootstrap file (runtime/js), made by the first context
  // that runs it and reused by every later one. Thread-safe.
  kj::Maybe<kj::Array<const kj::byte>> bootstrapCodeCache(size_t fileIndex);
  void setBootstrapCodeCache(size_t fileIndex, kj::Array<const kj::byte> data);

 private:
  std::unique_ptr<v8::Platform> platform_;  // holds the page allocator `pages_` wraps
  std::unique_ptr<v8::PageAllocator> pages_;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator_;
  kj::MutexGuarded<kj::Vector<kj::Array<const kj::byte>>> codeCache;  // by file index
  Watchdog watchdog_;
};

}  // namespace shoal
