// Microbenchmarks of the runtime in-process: what a worker costs to start, and what a
// request costs once it is warm. Run: bazel run -c opt //bench:runtime-bench

#include <benchmark/benchmark.h>
#include <v8.h>

#include <vector>

#include <kj/debug.h>

#include "runtime/testing.h"
#include "runtime/v8-system.h"

namespace shoal {
namespace {

constexpr const char* HELLO =
    "export default { fetch() { return new Response('Hello World!'); } };";

// Isolate::New + Context::New alone: the floor under everything else.
void BM_BareIsolateAndContext(benchmark::State& state) {
  auto& system = testV8System();
  for (auto _: state) {
    v8::Isolate::CreateParams params;
    params.array_buffer_allocator = &system.allocator();
    auto* isolate = v8::Isolate::New(params);
    {
      v8::Isolate::Scope isolateScope(isolate);
      v8::HandleScope handleScope(isolate);
      benchmark::DoNotOptimize(v8::Context::New(isolate));
    }
    isolate->Dispose();
  }
}
BENCHMARK(BM_BareIsolateAndContext)->Unit(benchmark::kMillisecond);

// A hello-world worker from nothing to ready: isolate, context, the Web API bootstrap,
// the module compiled and evaluated. With `live` other workers alive meanwhile, which
// must not make it slower (V8 10.2 grew slower with every live isolate; see
// runtime/code-range-hint.cc).
void BM_WorkerStart(benchmark::State& state) {
  auto io = kj::setupAsyncIo();
  auto& timer = io.provider->getTimer();
  MemoryModuleSource modules{{"worker.js", HELLO}};
  CapturingLog log;
  std::vector<kj::Own<Worker>> live;
  for (int i = 0; i < state.range(0); ++i) {
    live.push_back(kj::heap<Worker>(testV8System(), timer, modules,
                                    TestWorker::defaultConfig(), log));
  }
  for (auto _: state) {
    Worker worker(testV8System(), timer, modules, TestWorker::defaultConfig(), log);
    benchmark::DoNotOptimize(&worker);
  }
  state.counters["live_workers"] = state.range(0);
}
BENCHMARK(BM_WorkerStart)->Arg(0)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// One request through a warm worker: Request built, handler run, Response read back.
void BM_WarmRequest(benchmark::State& state) {
  TestWorker worker(HELLO);
  for (auto _: state) {
    auto response = worker.get("http://example.com/");
    KJ_ASSERT(response.status == 200);
  }
}
BENCHMARK(BM_WarmRequest)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace shoal

BENCHMARK_MAIN();
