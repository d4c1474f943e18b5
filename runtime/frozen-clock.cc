// Compiled without RTTI: it subclasses a V8 class, and libnode has none.
#include "runtime/frozen-clock.h"

#include <time.h>

#include <cmath>

namespace shoal {

namespace {

thread_local double frozenMillis = 0;  // 0: not frozen on this thread

double wallClockMillis() {
  timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return double(now.tv_sec) * 1000 + double(now.tv_nsec) / 1e6;
}

class FrozenClockPlatform final : public v8::Platform {
 public:
  FrozenClockPlatform(std::unique_ptr<v8::Platform> inner, v8::PageAllocator* pages)
      : inner(std::move(inner)), pages(pages) {}

  double CurrentClockTimeMillis() override {
    return frozenMillis != 0 ? frozenMillis : inner->CurrentClockTimeMillis();
  }

  v8::PageAllocator* GetPageAllocator() override {
    return pages != nullptr ? pages : inner->GetPageAllocator();
  }

  // Everything else is the inner platform's.
  void OnCriticalMemoryPressure() override { inner->OnCriticalMemoryPressure(); }
  bool OnCriticalMemoryPressure(size_t length) override {
    return inner->OnCriticalMemoryPressure(length);
  }
  int NumberOfWorkerThreads() override { return inner->NumberOfWorkerThreads(); }
  std::shared_ptr<v8::TaskRunner> GetForegroundTaskRunner(v8::Isolate* isolate) override {
    return inner->GetForegroundTaskRunner(isolate);
  }
  void CallOnWorkerThread(std::unique_ptr<v8::Task> task) override {
    inner->CallOnWorkerThread(std::move(task));
  }
  void CallBlockingTaskOnWorkerThread(std::unique_ptr<v8::Task> task) override {
    inner->CallBlockingTaskOnWorkerThread(std::move(task));
  }
  void CallLowPriorityTaskOnWorkerThread(std::unique_ptr<v8::Task> task) override {
    inner->CallLowPriorityTaskOnWorkerThread(std::move(task));
  }
  void CallDelayedOnWorkerThread(std::unique_ptr<v8::Task> task, double delay) override {
    inner->CallDelayedOnWorkerThread(std::move(task), delay);
  }
  bool IdleTasksEnabled(v8::Isolate* isolate) override { return inner->IdleTasksEnabled(isolate); }
  std::unique_ptr<v8::JobHandle> PostJob(v8::TaskPriority priority,
                                         std::unique_ptr<v8::JobTask> task) override {
    return inner->PostJob(priority, std::move(task));
  }
  double MonotonicallyIncreasingTime() override { return inner->MonotonicallyIncreasingTime(); }
  StackTracePrinter GetStackTracePrinter() override { return inner->GetStackTracePrinter(); }
  v8::TracingController* GetTracingController() override {
    return inner->GetTracingController();
  }

 private:
  std::unique_ptr<v8::Platform> inner;
  v8::PageAllocator* pages;
};

}  // namespace

std::unique_ptr<v8::Platform> newFrozenClockPlatform(std::unique_ptr<v8::Platform> inner,
                                                     v8::PageAllocator* pages) {
  return std::make_unique<FrozenClockPlatform>(std::move(inner), pages);
}

void freezeClock() { frozenMillis = std::floor(wallClockMillis()); }

}  // namespace shoal
