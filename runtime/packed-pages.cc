// Compiled without RTTI: it subclasses a V8 class, and libnode has none.
#include "runtime/packed-pages.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <utility>

namespace shoal {

namespace {

// Where the arena may grow: from a random start below V8's own random range's top (2^46)
// up to here, well under where the kernel places mappings of its choosing.
constexpr uintptr_t ARENA_END = uintptr_t(0x7000) << 32;
constexpr uintptr_t ARENA_START_ALIGNMENT = uintptr_t(1) << 30;

// Placements tried per allocation before leaving it to the inner allocator.
constexpr int PLACEMENT_ATTEMPTS = 4;

class PackedPageAllocator final : public v8::PageAllocator {
 public:
  explicit PackedPageAllocator(v8::PageAllocator& inner) : inner(inner) {
    start = reinterpret_cast<uintptr_t>(inner.GetRandomMmapAddr()) & ~(ARENA_START_ALIGNMENT - 1);
    if (start == 0) start = ARENA_START_ALIGNMENT;
    top = start;
  }

  size_t AllocatePageSize() override { return inner.AllocatePageSize(); }
  size_t CommitPageSize() override { return inner.CommitPageSize(); }
  void SetRandomMmapSeed(int64_t seed) override { inner.SetRandomMmapSeed(seed); }
  void* GetRandomMmapAddr() override { return inner.GetRandomMmapAddr(); }

  // The hint is ignored: placement is the point. (V8's hints are random addresses, or a
  // code range near the builtins, which runtime/code-range-hint.cc already gives up.)
  void* AllocatePages(void* hint, size_t length, size_t alignment, Permission permission) override {
    alignment = std::max(alignment, AllocatePageSize());
    {
      std::lock_guard<std::mutex> lock(mutex);
      int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
      if (permission == kNoAccess || permission == kNoAccessWillJitLater) flags |= MAP_NORESERVE;
      for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; ++attempt) {
        uintptr_t at = take(length, alignment);
        if (at == 0) break;
        void* result =
            mmap(reinterpret_cast<void*>(at), length, protectionOf(permission), flags, -1, 0);
        if (result == reinterpret_cast<void*>(at)) {
          // Packed, V8's pages form runs the kernel could back with 2 MiB pages where
          // transparent huge pages are "always": memory for bytes V8 never touches. V8's
          // scattered pages never could. (Same flag on all, so runs still merge.)
          madvise(result, length, MADV_NOHUGEPAGE);
          return result;
        }
        // Taken by a mapping that is not ours (or a kernel that ignores NOREPLACE put it
        // elsewhere): that range stays out of the free lists.
        if (result != MAP_FAILED) munmap(result, length);
      }
    }
    return inner.AllocatePages(hint, length, alignment, permission);
  }

  bool FreePages(void* address, size_t length) override {
    std::lock_guard<std::mutex> lock(mutex);
    auto kept = keptEnds.find(reinterpret_cast<uintptr_t>(address));
    if (kept != keptEnds.end()) {
      length = kept->second - kept->first;
      keptEnds.erase(kept);
    }
    if (!inner.FreePages(address, length)) return false;
    give(reinterpret_cast<uintptr_t>(address), length);
    return true;
  }

  // V8 trims pages it has deserialized into to what they hold. Unmapped, the tail would be
  // a hole nothing later fits (heap pages are 256 KiB, aligned), splitting the mapping in
  // two; so it stays mapped, emptied, out of V8's reach (V8 no longer knows it), and goes
  // when the rest does.
  bool ReleasePages(void* address, size_t length, size_t newLength) override {
    std::lock_guard<std::mutex> lock(mutex);
    uintptr_t begin = reinterpret_cast<uintptr_t>(address);
    if (begin < start || begin + length > top) {
      return inner.ReleasePages(address, length, newLength);
    }
    // MADV_DONTNEED, not V8's MADV_FREE: the memory leaves the RSS now, not under pressure.
    if (madvise(reinterpret_cast<void*>(begin + newLength), length - newLength, MADV_DONTNEED) !=
        0) {
      return false;
    }
    auto& end = keptEnds[begin];
    end = std::max(end, begin + length);
    return true;
  }

  // The rest change what is mapped, never where.
  bool SetPermissions(void* address, size_t length, Permission permission) override {
    return inner.SetPermissions(address, length, permission);
  }
  bool DiscardSystemPages(void* address, size_t size) override {
    return inner.DiscardSystemPages(address, size);
  }
  bool DecommitPages(void* address, size_t size) override {
    return inner.DecommitPages(address, size);
  }
  bool ReserveForSharedMemoryMapping(void* address, size_t size) override {
    return inner.ReserveForSharedMemoryMapping(address, size);
  }
  std::unique_ptr<SharedMemory> AllocateSharedPages(size_t length, const void* original) override {
    return inner.AllocateSharedPages(length, original);
  }
  bool CanAllocateSharedPages() override { return inner.CanAllocateSharedPages(); }

 private:
  v8::PageAllocator& inner;

  // Guarded by `mutex`. The arena is [start, top); inside it, what is not handed out is
  // in the free lists, indexed both ways: by start (to merge neighbours) and by size (to
  // find a fit).
  std::mutex mutex;
  uintptr_t start;
  uintptr_t top;
  std::map<uintptr_t, uintptr_t> freeByStart;         // start -> end
  std::set<std::pair<size_t, uintptr_t>> freeBySize;  // (size, start)
  std::map<uintptr_t, uintptr_t> keptEnds;  // allocations trimmed by ReleasePages: start -> end

  static uintptr_t alignUp(uintptr_t address, size_t alignment) {
    return (address + alignment - 1) & ~uintptr_t(alignment - 1);
  }

  // An aligned range of `length` bytes taken out of the free lists, or from the top of
  // the arena; 0 if the arena is full.
  uintptr_t take(size_t length, size_t alignment) {
    // The smallest free ranges that can hold `length`; alignment may still not fit them,
    // so a few are tried before one large enough for any alignment.
    auto fit = freeBySize.lower_bound({length, 0});
    for (int tried = 0; fit != freeBySize.end() && tried < 8; ++fit, ++tried) {
      uintptr_t at = alignUp(fit->second, alignment);
      if (at + length <= fit->second + fit->first) return takeFrom(fit->second, at, length);
    }
    fit = freeBySize.lower_bound({length + alignment - 1, 0});
    if (fit != freeBySize.end()) {
      return takeFrom(fit->second, alignUp(fit->second, alignment), length);
    }
    uintptr_t at = alignUp(top, alignment);
    if (at < top || at + length < at || at + length > ARENA_END) return 0;
    if (at > top) addFree(top, at);  // the alignment gap stays usable
    top = at + length;
    return at;
  }

  // Splits the free range beginning at `rangeStart` around [at, at + length).
  uintptr_t takeFrom(uintptr_t rangeStart, uintptr_t at, size_t length) {
    uintptr_t rangeEnd = freeByStart[rangeStart];
    removeFree(rangeStart, rangeEnd);
    if (at > rangeStart) addFree(rangeStart, at);
    if (at + length < rangeEnd) addFree(at + length, rangeEnd);
    return at;
  }

  // Address space given back (unmapped): into the free lists, merged with its neighbours,
  // or off the top of the arena. Ranges the inner allocator placed elsewhere are left out.
  void give(uintptr_t address, size_t length) {
    uintptr_t end = address + length;
    if (length == 0 || address < start || end > top) return;
    auto next = freeByStart.lower_bound(address);
    if (next != freeByStart.end() && next->first == end) {
      end = next->second;
      removeFree(next->first, next->second);
    }
    auto previous = freeByStart.lower_bound(address);
    if (previous != freeByStart.begin() && std::prev(previous)->second == address) {
      --previous;
      address = previous->first;
      removeFree(previous->first, previous->second);
    }
    if (end == top) {
      top = address;
    } else {
      addFree(address, end);
    }
  }

  void addFree(uintptr_t from, uintptr_t to) {
    freeByStart.emplace(from, to);
    freeBySize.emplace(to - from, from);
  }

  void removeFree(uintptr_t from, uintptr_t to) {
    freeByStart.erase(from);
    freeBySize.erase({to - from, from});
  }

  static int protectionOf(Permission permission) {
    switch (permission) {
      case kNoAccess:
      case kNoAccessWillJitLater:
        return PROT_NONE;
      case kRead:
        return PROT_READ;
      case kReadWrite:
        return PROT_READ | PROT_WRITE;
      case kReadWriteExecute:
        return PROT_READ | PROT_WRITE | PROT_EXEC;
      case kReadExecute:
        return PROT_READ | PROT_EXEC;
    }
    return PROT_NONE;
  }
};

}  // namespace

std::unique_ptr<v8::PageAllocator> newPackedPageAllocator(v8::PageAllocator& inner) {
  return std::make_unique<PackedPageAllocator>(inner);
}

}  // namespace shoal
