#include "runtime/packed-pages.h"

#include <gtest/gtest.h>
#include <libplatform/libplatform.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace shoal {
namespace {

constexpr size_t PAGE = 256 * 1024;  // V8's heap page, and its alignment

// The platform's own allocator (V8 itself is not started) wrapped in a packed one.
struct Packed {
  std::unique_ptr<v8::Platform> platform = v8::platform::NewDefaultPlatform();
  std::unique_ptr<v8::PageAllocator> pages = newPackedPageAllocator(*platform->GetPageAllocator());

  uintptr_t allocate(size_t length,
                     v8::PageAllocator::Permission permission = v8::PageAllocator::kReadWrite) {
    void* at = pages->AllocatePages(nullptr, length, PAGE, permission);
    EXPECT_NE(at, nullptr);
    return reinterpret_cast<uintptr_t>(at);
  }
  void free(uintptr_t at, size_t length) {
    EXPECT_TRUE(pages->FreePages(reinterpret_cast<void*>(at), length));
  }
};

// The mappings of this process that overlap [from, to).
int mappingsWithin(uintptr_t from, uintptr_t to) {
  FILE* maps = fopen("/proc/self/maps", "r");
  int count = 0;
  unsigned long start, end;
  char line[512];
  while (fgets(line, sizeof(line), maps) != nullptr) {
    if (sscanf(line, "%lx-%lx", &start, &end) == 2 && start < to && end > from) ++count;
  }
  fclose(maps);
  return count;
}

TEST(PackedPages, PagesGoSideBySideAndShareOneMapping) {
  Packed packed;
  std::vector<uintptr_t> pages;
  for (int i = 0; i < 16; ++i) pages.push_back(packed.allocate(PAGE));
  for (int i = 1; i < 16; ++i) EXPECT_EQ(pages[i], pages[i - 1] + PAGE);
  for (auto page : pages) EXPECT_EQ(page % PAGE, 0u);
  // Touched, as V8 touches them, and still one mapping.
  for (auto page : pages) memset(reinterpret_cast<void*>(page), 1, 4096);
  EXPECT_EQ(mappingsWithin(pages.front(), pages.back() + PAGE), 1);
  for (auto page : pages) packed.free(page, PAGE);
}

TEST(PackedPages, PagesAreNotHugePages) {
  Packed packed;
  auto page = packed.allocate(PAGE);
  FILE* smaps = fopen("/proc/self/smaps", "r");
  char line[512];
  bool inside = false, noHugePages = false;
  unsigned long start, end;
  while (fgets(line, sizeof(line), smaps) != nullptr) {
    if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
      inside = start <= page && page < end;
    } else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
      noHugePages = strstr(line, " nh") != nullptr;
    }
  }
  fclose(smaps);
  EXPECT_TRUE(noHugePages);
  packed.free(page, PAGE);
}

TEST(PackedPages, ReservedThenCommittedPagesMergeToo) {
  // How V8 makes a heap page: reserved without access, then made read-write.
  Packed packed;
  auto first = packed.allocate(PAGE, v8::PageAllocator::kNoAccess);
  auto second = packed.allocate(PAGE, v8::PageAllocator::kNoAccess);
  ASSERT_EQ(second, first + PAGE);
  for (auto page : {first, second}) {
    ASSERT_TRUE(packed.pages->SetPermissions(reinterpret_cast<void*>(page), PAGE,
                                             v8::PageAllocator::kReadWrite));
    memset(reinterpret_cast<void*>(page), 1, PAGE);
  }
  EXPECT_EQ(mappingsWithin(first, second + PAGE), 1);
  packed.free(first, PAGE);
  packed.free(second, PAGE);
}

TEST(PackedPages, FreedAddressSpaceIsReused) {
  Packed packed;
  auto a = packed.allocate(PAGE);
  auto b = packed.allocate(2 * PAGE);
  auto c = packed.allocate(PAGE);
  packed.free(b, 2 * PAGE);
  // Both halves of b's range serve again before the arena grows.
  EXPECT_EQ(packed.allocate(PAGE), b);
  EXPECT_EQ(packed.allocate(PAGE), b + PAGE);
  EXPECT_EQ(packed.allocate(PAGE), c + PAGE);
  // A freed neighbour merges: a and b's first half together hold a double page.
  packed.free(a, PAGE);
  packed.free(b, PAGE);
  EXPECT_EQ(packed.allocate(2 * PAGE), a);
}

TEST(PackedPages, ReleasedTailsStayMappedUntilTheRestIsFreed) {
  Packed packed;
  auto a = packed.allocate(2 * PAGE);
  memset(reinterpret_cast<void*>(a), 1, 2 * PAGE);
  ASSERT_TRUE(packed.pages->ReleasePages(reinterpret_cast<void*>(a), 2 * PAGE, PAGE));
  // The tail is emptied but not a hole: the next page still joins the same mapping.
  EXPECT_EQ(*reinterpret_cast<char*>(a + PAGE), 0);
  auto b = packed.allocate(PAGE);
  EXPECT_EQ(b, a + 2 * PAGE);
  memset(reinterpret_cast<void*>(b), 1, PAGE);
  EXPECT_EQ(mappingsWithin(a, b + PAGE), 1);
  // Freeing what V8 kept frees the tail with it.
  packed.free(a, PAGE);
  EXPECT_EQ(mappingsWithin(a, a + 2 * PAGE), 0);
  EXPECT_EQ(packed.allocate(2 * PAGE), a);
}

TEST(PackedPages, AlignmentIsKept) {
  Packed packed;
  packed.allocate(PAGE);
  void* odd = packed.pages->AllocatePages(nullptr, 12 * 1024, 4096, v8::PageAllocator::kReadWrite);
  void* aligned =
      packed.pages->AllocatePages(nullptr, PAGE, 4 * PAGE, v8::PageAllocator::kReadWrite);
  ASSERT_NE(aligned, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned) % (4 * PAGE), 0u);
  // The gap left by aligning is used by what fits in it.
  auto afterOdd = reinterpret_cast<uintptr_t>(odd) + 12 * 1024;
  auto inGap = packed.allocate(PAGE);
  EXPECT_EQ(inGap, (afterOdd + PAGE - 1) & ~(PAGE - 1));
  EXPECT_LT(inGap, reinterpret_cast<uintptr_t>(aligned));
}

TEST(PackedPages, ARangeSomeoneElseMappedIsLeftAlone) {
  Packed packed;
  auto a = packed.allocate(PAGE);
  // Another mapping lands where the next page would go.
  void* foreign = mmap(reinterpret_cast<void*>(a + PAGE), PAGE, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  ASSERT_EQ(foreign, reinterpret_cast<void*>(a + PAGE));
  auto b = packed.allocate(PAGE);
  EXPECT_TRUE(b + PAGE <= a + PAGE || b >= a + 2 * PAGE);
  memset(reinterpret_cast<void*>(b), 1, PAGE);
  munmap(foreign, PAGE);
  packed.free(a, PAGE);
  packed.free(b, PAGE);
}

}  // namespace
}  // namespace shoal
