// Where V8 puts its memory: next to what it took before, so that the kernel can merge
// neighbouring mappings.
//
// Every isolate takes a code range and a dozen heap pages of 256 KiB. Placed at random
// addresses (V8's default), each page is a mapping of its own, and the kernel caps a
// process's mappings (vm.max_map_count, 65,530 by default): a host of hello-world
// isolates stopped near 3,800. Packed, heap pages with the same permissions become one
// mapping however many isolates own them; what is left per isolate is mostly its code
// range, whose code pages alternate permissions and guard pages.
//
// The arena starts at a random address, so the process still gets address-space
// randomisation; within it, placement is predictable. (Isolates in one process are not a
// boundary against memory corruption either way; V8's own pointer-compression cages pack
// pages the same way.)
#pragma once

#include <v8-platform.h>

#include <memory>

namespace shoal {

// Wraps `inner` (the platform's page allocator, which must outlive the result): new
// allocations go at the lowest free, suitably aligned address of one growing arena, and
// address space V8 gives back is reused. Tails V8 trims off an allocation (ReleasePages)
// stay mapped, emptied, until the allocation is freed, so they leave no hole. Whatever cannot be placed there (a range some
// other mapping took meanwhile, an exhausted arena) is `inner`'s to place. Thread-safe.
std::unique_ptr<v8::PageAllocator> newPackedPageAllocator(v8::PageAllocator& inner);

}  // namespace shoal
