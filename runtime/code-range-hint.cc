// Keeps isolate creation flat as isolates accumulate.
//
// V8 10.2 places each new isolate's code range near the embedded builtins by scanning
// /proc/self/maps for free ranges (OS::GetFreeMemoryRangesWithin). The file grows with
// every isolate, so the 2,000th isolate costs ~10x the 100th (TOOLCHAIN.md, measured).
// libnode calls this function through the PLT, so this definition in the executable
// (linked with -rdynamic) replaces it: offering no candidate ranges makes V8 fall back
// to an ordinary mmap, and short builtin calls simply stay off for that isolate.
// bench/isolate-bench.cc checks that the 10,000th isolate costs what the 100th does.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace v8::base {

class OS {
 public:
  struct MemoryRange {
    uintptr_t start = 0;
    uintptr_t end = 0;
  };
  static std::vector<MemoryRange> GetFreeMemoryRangesWithin(uintptr_t boundaryStart,
                                                            uintptr_t boundaryEnd,
                                                            size_t minimumSize,
                                                            size_t alignment);
};

std::vector<OS::MemoryRange> OS::GetFreeMemoryRangesWithin(uintptr_t, uintptr_t, size_t,
                                                           size_t) {
  return {};
}

}  // namespace v8::base
