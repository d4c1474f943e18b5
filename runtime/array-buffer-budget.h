// ArrayBuffer memory lives outside the V8 heap, so the heap limit does not see it. Each
// isolate gets its own allocator that refuses to go past a budget: `new ArrayBuffer`
// beyond it throws a RangeError in that worker only.
#pragma once

#include <cstddef>
#include <memory>

#include <v8.h>

namespace shoal {

// Owned by whoever owns the isolate; must outlive it. Thread-safe.
std::unique_ptr<v8::ArrayBuffer::Allocator> newBudgetedAllocator(size_t budgetBytes);

// Lowers the budget of `allocator`, which newBudgetedAllocator made (what is allocated
// already stays).
void lowerBudget(v8::ArrayBuffer::Allocator& allocator, size_t budgetBytes);

}  // namespace shoal
