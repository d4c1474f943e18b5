// The process's V8 platform. Exactly one V8System exists per process: main() makes it
// before any Worker and destroys it after the last one.
#pragma once

#include <memory>

#include <kj/common.h>
#include <v8.h>

namespace shoal {

class V8System {
 public:
  V8System();
  ~V8System() noexcept(false);
  KJ_DISALLOW_COPY(V8System);

  v8::Platform& platform() { return *platform_; }
  v8::ArrayBuffer::Allocator& allocator() { return *allocator_; }

 private:
  std::unique_ptr<v8::Platform> platform_;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator_;
};

}  // namespace shoal
