#include "runtime/v8-system.h"

#include <libplatform/libplatform.h>

#include "runtime/frozen-clock.h"
#include "runtime/packed-pages.h"

namespace shoal {

V8System::V8System() {
  // Garbage collection stays on the isolate's own thread: thousands of isolates must not
  // each keep helper threads busy.
  static const char FLAGS[] = "--single-threaded-gc";
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

kj::Maybe<kj::Array<const kj::byte>> V8System::bootstrapCodeCache(size_t fileIndex) {
  auto lock = codeCache.lockShared();
  if (fileIndex >= lock->size() || (*lock)[fileIndex].size() == 0) return nullptr;
  auto& data = (*lock)[fileIndex];
  return kj::Array<const kj::byte>(kj::heapArray(data.asPtr()));
}

void V8System::setBootstrapCodeCache(size_t fileIndex, kj::Array<const kj::byte> data) {
  auto lock = codeCache.lockExclusive();
  while (lock->size() <= fileIndex) lock->add(nullptr);
  (*lock)[fileIndex] = kj::mv(data);
}

}  // namespace shoal
