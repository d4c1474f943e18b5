#include "runtime/v8-system.h"

#include <kj/debug.h>
#include <libplatform/libplatform.h>

#include "runtime/frozen-clock.h"
#include "runtime/packed-pages.h"

namespace shoal {

V8System::V8System() {
  // Garbage collection stays on the isolate's own thread: thousands of isolates must not
  // each keep helper threads busy. The startup snapshot is made in this process's memory,
  // never read from a file, so V8 need not checksum its ~0.7 MB for every isolate (~5% of
  // a worker's start).
  static const char FLAGS[] = "--single-threaded-gc --no-verify-snapshot-checksum";
  v8::V8::SetFlagsFromString(FLAGS, sizeof(FLAGS) - 1);
  // One worker thread: isolates run on the event loop thread; V8 only needs help for
  // background compilation.
  auto inner = v8::platform::NewDefaultPlatform(1);
  // Heap pages side by side instead of at random addresses: a few mappings for all the
  // isolates' pages, instead of a dozen per isolate (runtime/packed-pages.h).
  pages_ = newPackedPageAllocator(*inner->GetPageAllocator());
  platform_ = newFrozenClockPlatform(std::move(inner), pages_.get());
  v8::V8::InitializePlatform(platform_.get());
  v8::V8::Initialize();
  allocator_.reset(v8::ArrayBuffer::Allocator::NewDefaultAllocator());
}

V8System::~V8System() noexcept(false) {
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
}

const V8System::StartupSnapshot& V8System::startupSnapshot(
    kj::FunctionParam<kj::Own<StartupSnapshot>()> make) {
  auto lock = snapshot.lockExclusive();
  if (*lock == nullptr) *lock = make();
  return *KJ_ASSERT_NONNULL(*lock);
}

}  // namespace shoal
