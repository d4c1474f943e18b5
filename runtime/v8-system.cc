#include "runtime/v8-system.h"

#include <libplatform/libplatform.h>

namespace shoal {

V8System::V8System() {
  // Garbage collection stays on the isolate's own thread: thousands of isolates must not
  // each keep helper threads busy.
  static const char FLAGS[] = "--single-threaded-gc";
  v8::V8::SetFlagsFromString(FLAGS, sizeof(FLAGS) - 1);
  // One worker thread: isolates run on the event loop thread; V8 only needs help for
  // background compilation.
  platform_ = v8::platform::NewDefaultPlatform(1);
  v8::V8::InitializePlatform(platform_.get());
  v8::V8::Initialize();
  allocator_.reset(v8::ArrayBuffer::Allocator::NewDefaultAllocator());
}

V8System::~V8System() noexcept(false) {
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
}

}  // namespace shoal
