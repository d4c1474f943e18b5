// Compiled without RTTI: it subclasses a V8 class, and libnode has none.
#include "runtime/array-buffer-budget.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace shoal {

namespace {

class BudgetedAllocator final : public v8::ArrayBuffer::Allocator {
 public:
  explicit BudgetedAllocator(size_t budget) : budget(budget) {}

  void lower(size_t to) {
    if (to < budget) budget = to;
  }

  void* Allocate(size_t length) override {
    if (!charge(length)) return nullptr;
    void* data = calloc(length, 1);
    if (data == nullptr) used -= length;
    return data;
  }

  void* AllocateUninitialized(size_t length) override {
    if (!charge(length)) return nullptr;
    void* data = malloc(length);
    if (data == nullptr) used -= length;
    return data;
  }

  void Free(void* data, size_t length) override {
    used -= length;
    free(data);
  }

 private:
  std::atomic<size_t> budget;
  std::atomic<size_t> used{0};

  bool charge(size_t length) {
    size_t before = used.fetch_add(length);
    if (before + length > budget || before + length < before) {
      used -= length;
      return false;
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<v8::ArrayBuffer::Allocator> newBudgetedAllocator(size_t budgetBytes) {
  return std::make_unique<BudgetedAllocator>(budgetBytes);
}

void lowerBudget(v8::ArrayBuffer::Allocator& allocator, size_t budgetBytes) {
  static_cast<BudgetedAllocator&>(allocator).lower(budgetBytes);
}

}  // namespace shoal
