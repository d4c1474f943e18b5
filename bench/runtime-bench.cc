// Microbenchmarks of the runtime in-process: what an isolate, a context and a worker cost
// to start, what a request costs once warm, and what one front end <-> host RPC costs.
//
// Run: bazel run //bench:runtime-bench                  (everything but the 10,000 case)
//      bazel run //bench:runtime-bench -- --big[=N]     (adds the Nth live isolate, N=10,000:
//                                                        ~0.87 MB and 4 memory mappings
//                                                        per isolate; N above ~16,000 needs
//                                                        vm.max_map_count raised, else V8
//                                                        aborts: "Committing semi space failed")
//      bazel run //bench:runtime-bench -- --benchmark_filter=Rpc
//
// Issue 6's flat-cost target: BM_IsolateCreation/10000 within 1.5x of /100.

#include <benchmark/benchmark.h>
#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <kj/debug.h>
#include <kj/thread.h>
#include <sys/socket.h>
#include <v8.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "control/host.capnp.h"
#include "runtime/isolate-host.h"
#include "runtime/startup-snapshot.h"
#include "runtime/testing.h"
#include "runtime/v8-system.h"

namespace shoal {
namespace {

constexpr const char* HELLO =
    "export default { fetch() { return new Response('Hello World!'); } };";

// An isolate with one context, as a worker holds them (without the Web API).
struct BareIsolate {
  v8::Isolate* isolate;
  v8::Global<v8::Context> context;

  BareIsolate() {
    v8::Isolate::CreateParams params;
    params.array_buffer_allocator = &testV8System().allocator();
    isolate = v8::Isolate::New(params);
    v8::Isolate::Scope isolateScope(isolate);
    v8::HandleScope handleScope(isolate);
    context.Reset(isolate, v8::Context::New(isolate));
  }
  ~BareIsolate() {
    context.Reset();
    isolate->Dispose();
  }
  KJ_DISALLOW_COPY(BareIsolate);
};

// Isolate::New + Context::New alone: the floor under everything else.
void BM_BareIsolateAndContext(benchmark::State& state) {
  for (auto _ : state) {
    BareIsolate isolate;
    benchmark::DoNotOptimize(isolate.isolate);
  }
}
BENCHMARK(BM_BareIsolateAndContext)->Unit(benchmark::kMillisecond);

// Creating (and disposing) the Nth live isolate, with N-1 others (each with a context)
// alive meanwhile. V8 10.2 scanned /proc/self/maps for every new isolate, so the cost
// grew with the count; runtime/code-range-hint.cc is meant to keep it flat.
void BM_IsolateCreation(benchmark::State& state) {
  std::vector<std::unique_ptr<BareIsolate>> live;
  for (int64_t i = 1; i < state.range(0); ++i) live.push_back(std::make_unique<BareIsolate>());
  for (auto _ : state) {
    BareIsolate isolate;
    benchmark::DoNotOptimize(isolate.isolate);
  }
  state.counters["live_isolates"] = state.range(0);
}
BENCHMARK(BM_IsolateCreation)->Arg(1)->Arg(100)->Iterations(200)->Unit(benchmark::kMillisecond);

// Context::New on an isolate that already made one (what a per-request context costs).
void BM_ContextOnWarmIsolate(benchmark::State& state) {
  BareIsolate warm;
  v8::Isolate::Scope isolateScope(warm.isolate);
  for (auto _ : state) {
    v8::HandleScope handleScope(warm.isolate);
    benchmark::DoNotOptimize(v8::Context::New(warm.isolate));
  }
}
BENCHMARK(BM_ContextOnWarmIsolate)->Unit(benchmark::kMicrosecond);

// A hello-world worker from nothing to ready: isolate, context, the Web API bootstrap,
// the module compiled and evaluated. With `live` other workers alive meanwhile.
void BM_WorkerStart(benchmark::State& state) {
  auto io = kj::setupAsyncIo();
  auto& timer = io.provider->getTimer();
  MemoryModuleSource modules{{"worker.js", HELLO}};
  CapturingLog log;
  std::vector<kj::Own<Worker>> live;
  for (int i = 0; i < state.range(0); ++i) {
    live.push_back(
        kj::heap<Worker>(testV8System(), timer, modules, TestWorker::defaultConfig(), log));
  }
  for (auto _ : state) {
    Worker worker(testV8System(), timer, modules, TestWorker::defaultConfig(), log);
    benchmark::DoNotOptimize(&worker);
  }
  state.counters["live_workers"] = state.range(0);
}
BENCHMARK(BM_WorkerStart)->Arg(0)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// Making the startup snapshot worker isolates come from (runtime/startup-snapshot.h): the
// Web API bootstrap and its warm-up, then serializing. Once per process, on the first worker.
void BM_StartupSnapshot(benchmark::State& state) {
  testV8System();
  size_t bytes = 0;
  for (auto _ : state) bytes = makeWorkerSnapshot()->bytes.size();
  state.counters["blob_bytes"] = bytes;
}
BENCHMARK(BM_StartupSnapshot)->Unit(benchmark::kMillisecond);

WorkerRequest helloRequest() {
  WorkerRequest request;
  request.method = kj::str("GET");
  request.url = kj::str("http://example.com/");
  return request;
}

// Cold start in-process: a worker built and its first request answered.
void BM_ColdStartInProcess(benchmark::State& state) {
  auto io = kj::setupAsyncIo();
  MemoryModuleSource modules{{"worker.js", HELLO}};
  CapturingLog log;
  for (auto _ : state) {
    Worker worker(testV8System(), io.provider->getTimer(), modules, TestWorker::defaultConfig(),
                  log);
    auto response = worker.fetch(helloRequest()).wait(io.waitScope);
    KJ_ASSERT(response.status == 200);
  }
}
BENCHMARK(BM_ColdStartInProcess)->Unit(benchmark::kMillisecond);

// The same cold start from an isolate made ahead of demand (what a host's pool hands
// out): only the worker's modules and its first request are on the clock.
void BM_ColdStartFromWarmIsolate(benchmark::State& state) {
  auto io = kj::setupAsyncIo();
  MemoryModuleSource modules{{"worker.js", HELLO}};
  CapturingLog log;
  for (auto _ : state) {
    state.PauseTiming();
    auto warm = Worker::prepare(testV8System(), io.provider->getTimer());
    state.ResumeTiming();
    {
      Worker worker(kj::mv(warm), modules, TestWorker::defaultConfig(), log);
      auto response = worker.fetch(helloRequest()).wait(io.waitScope);
      KJ_ASSERT(response.status == 200);
      state.PauseTiming();  // destroying the isolate is not part of a cold start
    }
    state.ResumeTiming();
  }
}
BENCHMARK(BM_ColdStartFromWarmIsolate)->Unit(benchmark::kMicrosecond);

// The first request alone, on a worker just built (building it is not timed): what a
// cold start costs beyond BM_WorkerStart.
void BM_FirstRequest(benchmark::State& state) {
  auto io = kj::setupAsyncIo();
  MemoryModuleSource modules{{"worker.js", HELLO}};
  CapturingLog log;
  for (auto _ : state) {
    state.PauseTiming();
    auto worker = kj::heap<Worker>(testV8System(), io.provider->getTimer(), modules,
                                   TestWorker::defaultConfig(), log);
    state.ResumeTiming();
    auto response = worker->fetch(helloRequest()).wait(io.waitScope);
    KJ_ASSERT(response.status == 200);
    state.PauseTiming();
    worker = nullptr;
    state.ResumeTiming();
  }
}
BENCHMARK(BM_FirstRequest)->Unit(benchmark::kMillisecond);

// One request through a warm worker: Request built, handler run, Response read back.
void BM_WarmRequest(benchmark::State& state) {
  TestWorker worker(HELLO);
  for (auto _ : state) {
    auto response = worker.get("http://example.com/");
    KJ_ASSERT(response.status == 200);
  }
}
BENCHMARK(BM_WarmRequest)->Unit(benchmark::kMicrosecond);

// What enforcing limits costs a warm request: Arg(1) with the default limits (the CPU
// watchdog armed around every event), Arg(0) with the watchdog off. Issue 5 asks for a
// ratio of at least 0.97.
void BM_WarmRequestLimits(benchmark::State& state) {
  MemoryModuleSource modules{{"worker.js", HELLO}};
  auto config = TestWorker::defaultConfig();
  if (state.range(0) == 0) config.limits.cpuPerEvent = 0 * kj::SECONDS;
  TestWorker worker(modules, kj::mv(config));
  for (auto _ : state) {
    auto response = worker.get("http://example.com/");
    KJ_ASSERT(response.status == 200);
  }
  state.SetLabel(state.range(0) ? "limits on" : "limits off");
}
BENCHMARK(BM_WarmRequestLimits)->Arg(1)->Arg(0)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// --- The IsolateHost capability, in-process and over a socket -------------------------

// Answers nothing: hello world always fits inline. Made per call, as control/host-pool.cc
// does, so the RPC cost includes exporting it.
class NullSink final : public rpc::ResponseSink::Server {};

// Where hosts made here keep session data (hello world has none): one fresh folder.
kj::StringPtr hostDataFolder() {
  static kj::String folder = []() {
    char path[] = "/tmp/shoal-bench-XXXXXX";
    KJ_REQUIRE(mkdtemp(path) != nullptr, "cannot make a temporary folder");
    return kj::str(path);
  }();
  return folder;
}

void fillHelloVersion(rpc::WorkerVersion::Builder version) {
  version.setWorker("hello");
  version.setVersion("v1");
  version.setMainModule("worker.js");
  auto module = version.initModules(1)[0];
  module.setPath("worker.js");
  module.setSource(HELLO);
}

void dispatchHello(rpc::IsolateHost::Client& host, kj::WaitScope& waitScope) {
  auto call = host.dispatchRequest();
  call.setWorker("hello");
  call.setVersion("v1");
  call.setSink(kj::heap<NullSink>());
  auto request = call.initRequest();
  request.setMethod("GET");
  request.setUrl("http://hello.localhost/");
  auto header = request.initHeaders(1)[0];
  header.setName("user-agent");
  header.setValue("bench");
  auto result = call.send().wait(waitScope);
  KJ_ASSERT(result.getResponse().getStatus() == 200);
}

// Warm dispatch through the host capability held in-process (as `shoal dev` holds it):
// the RPC structs are built and read, no socket.
void BM_WarmDispatchInProcess(benchmark::State& state) {
  auto io = kj::setupAsyncIo();
  rpc::IsolateHost::Client host =
      newIsolateHost(testV8System(), io.provider->getTimer(), IsolateHostOptions{kj::heapString(hostDataFolder()), true});
  auto load = host.loadRequest();
  fillHelloVersion(load.initVersion());
  KJ_ASSERT(load.send().wait(io.waitScope).getError() == "");
  for (auto _ : state) dispatchHello(host, io.waitScope);
}
BENCHMARK(BM_WarmDispatchInProcess)->Unit(benchmark::kMicrosecond);

// A host on a thread of its own, served over one end of a socketpair with Cap'n Proto's
// two-party RPC; the benchmark thread is the front end, on the other end. A separate
// thread (own event loop) stands in for the host process: each call crosses a socket and
// wakes the other side, as in `shoal serve`.
class HostOverSocket {
 public:
  HostOverSocket() : io(kj::setupAsyncIo()) {
    int fds[2];
    KJ_SYSCALL(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds));
    int hostFd = fds[1];
    thread = kj::heap<kj::Thread>([hostFd]() {
      auto io = kj::setupAsyncIo();
      auto stream =
          io.lowLevelProvider->wrapSocketFd(hostFd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP);
      capnp::TwoPartyVatNetwork network(*stream, capnp::rpc::twoparty::Side::SERVER);
      auto server = capnp::makeRpcServer(
          network, rpc::IsolateHost::Client(
                       newIsolateHost(testV8System(), io.provider->getTimer(), IsolateHostOptions{kj::heapString(hostDataFolder()), true})));
      network.onDisconnect().wait(io.waitScope);
    });
    stream = io.lowLevelProvider->wrapSocketFd(fds[0], kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP);
    client = kj::heap<capnp::TwoPartyClient>(*stream);
    host = client->bootstrap().castAs<rpc::IsolateHost>();
  }
  ~HostOverSocket() noexcept(false) {
    // Dropping the connection ends the host thread's loop; kj::Thread joins.
    host = nullptr;
    client = nullptr;
    stream = nullptr;
  }

  kj::AsyncIoContext io;
  kj::Own<kj::AsyncIoStream> stream;
  kj::Own<capnp::TwoPartyClient> client;
  kj::Maybe<rpc::IsolateHost::Client> host;
  kj::Own<kj::Thread> thread;  // last: joined first
};

// The smallest round trip: stats() and its answer, over the socket.
void BM_RpcRoundTripEmpty(benchmark::State& state) {
  HostOverSocket rpc;
  auto& host = KJ_ASSERT_NONNULL(rpc.host);
  for (auto _ : state) host.statsRequest().send().wait(rpc.io.waitScope);
}
BENCHMARK(BM_RpcRoundTripEmpty)->Unit(benchmark::kMicrosecond);

// A warm hello-world request over the socket: what the front end waits for per request.
void BM_RpcDispatchWarm(benchmark::State& state) {
  HostOverSocket rpc;
  auto& host = KJ_ASSERT_NONNULL(rpc.host);
  auto load = host.loadRequest();
  fillHelloVersion(load.initVersion());
  KJ_ASSERT(load.send().wait(rpc.io.waitScope).getError() == "");
  for (auto _ : state) dispatchHello(host, rpc.io.waitScope);
}
BENCHMARK(BM_RpcDispatchWarm)->Unit(benchmark::kMicrosecond);

// Cold start over the socket: load (modules shipped, isolate built) + first dispatch,
// then unload, as the front end does for a worker the host does not hold.
void BM_RpcColdStart(benchmark::State& state) {
  HostOverSocket rpc;
  auto& host = KJ_ASSERT_NONNULL(rpc.host);
  for (auto _ : state) {
    auto load = host.loadRequest();
    fillHelloVersion(load.initVersion());
    KJ_ASSERT(load.send().wait(rpc.io.waitScope).getError() == "");
    dispatchHello(host, rpc.io.waitScope);
    state.PauseTiming();
    auto unload = host.unloadRequest();
    unload.setWorker("hello");
    unload.setVersion("v1");
    unload.send().wait(rpc.io.waitScope);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_RpcColdStart)->Unit(benchmark::kMillisecond);

// --- One-shot tasks (IsolateHost.run, POST /run) -----------------------------------------

// run(n) spins n rounds of arithmetic: 1 at the "trivial" end, ONE_MS_ROUNDS for about 1 ms of
// JavaScript (its own time, the outcome's runMicros, is reported beside the total).
constexpr const char* SPIN_TASK =
    "export default { run(n) { let x = 0; for (let i = 0; i < n; i++) x = (x * 31 + i) | 0; "
    "return x; } };";
constexpr int ONE_MS_ROUNDS = 8500;  // ~0.65 ms in a fresh isolate here; at 10,000 V8 optimizes the loop and it takes ~2 ms

double percentileOf(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, size_t(p * values.size()))];
}

// Spawn, run a task, destroy, as one IsolateHost.run call on a host held in-process (the
// front end's RPC and HTTP are not in it). range(0): the rounds run(n) spins. range(1) = 1:
// the host is given the quiet it needs to refill its warm pool between runs (untimed), so
// every run starts from a pooled isolate; 0: back to back, past the pool's first 8 each run
// builds its isolate (what one core sustains).
void BM_RunTask(benchmark::State& state) {
  auto io = kj::setupAsyncIo();
  auto& timer = io.provider->getTimer();
  rpc::IsolateHost::Client host = newIsolateHost(
      testV8System(), timer, IsolateHostOptions{kj::heapString(hostDataFolder()), true});
  bool refill = state.range(1) == 1;
  auto input = kj::str(state.range(0));
  timer.afterDelay(200 * kj::MILLISECONDS).wait(io.waitScope);  // the pool fills
  std::vector<double> totals, starts, runs;
  auto& clock = kj::systemPreciseMonotonicClock();
  for (auto _ : state) {
    if (refill) {
      state.PauseTiming();
      timer.afterDelay(15 * kj::MILLISECONDS).wait(io.waitScope);
      state.ResumeTiming();
    }
    auto started = clock.now();
    auto call = host.runRequest();
    auto task = call.initTask();
    task.setMainModule("task.js");
    auto module = task.initModules(1)[0];
    module.setPath("task.js");
    module.setSource(SPIN_TASK);
    task.setInput(input);
    auto result = call.send().wait(io.waitScope);
    auto outcome = result.getOutcome();
    KJ_ASSERT(outcome.isResult(), outcome);
    totals.push_back((clock.now() - started) / kj::NANOSECONDS / 1000.0);
    starts.push_back(outcome.getStartMicros());
    runs.push_back(outcome.getRunMicros());
  }
  double total = percentileOf(totals, 0.5);
  double run = percentileOf(runs, 0.5);
  state.counters["p50_us"] = total;
  state.counters["p99_us"] = percentileOf(totals, 0.99);
  state.counters["start_p50_us"] = percentileOf(starts, 0.5);
  state.counters["task_p50_us"] = run;
  // What the sandbox costs beside the work it hosts, at the median.
  state.counters["overhead_ratio"] = (total - run) / kj::max(run, 1.0);
  state.counters["sandboxes_per_s"] =
      benchmark::Counter(state.iterations(), benchmark::Counter::kIsRate);
  state.SetLabel(
      kj::str(refill ? "pooled" : "back to back", ", ", state.range(0), " rounds").cStr());
}
BENCHMARK(BM_RunTask)
    ->Args({1, 1})
    ->Args({ONE_MS_ROUNDS, 1})
    ->Iterations(200)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RunTask)->Args({1, 0})->MinTime(3)->Unit(benchmark::kMicrosecond);

// env.LOADER from a worker in an in-process host: each request makes a one-off sandbox
// (load(code)), sends it one request and lets it go. Arg 1: pooled, the host's warm pool
// refilled between requests (15 ms of quiet, not timed); 0: back to back, each sandbox's
// isolate built on demand once the pool is empty. Compare with BM_WarmDispatchInProcess
// for what the caller's own request costs.
constexpr const char* LOADER_CALLER = R"js(
const code = { mainModule: "task.js",
  modules: { "task.js": "export default { fetch() { return new Response('42'); } }" } };
export default {
  async fetch(request, env) {
    const response = await env.LOADER.load(code).getEntrypoint().fetch("http://task/");
    return new Response(await response.text());
  },
};
)js";

void BM_LoaderSandbox(benchmark::State& state) {
  auto io = kj::setupAsyncIo();
  auto& timer = io.provider->getTimer();
  rpc::IsolateHost::Client host = newIsolateHost(
      testV8System(), timer, IsolateHostOptions{kj::heapString(hostDataFolder()), true});
  auto load = host.loadRequest();
  auto version = load.initVersion();
  fillHelloVersion(version);
  version.getModules()[0].setSource(LOADER_CALLER);
  version.initLoaders(1).set(0, "LOADER");
  KJ_ASSERT(load.send().wait(io.waitScope).getError() == "");
  bool pooled = state.range(0) == 1;
  timer.afterDelay(200 * kj::MILLISECONDS).wait(io.waitScope);  // the pool fills
  std::vector<double> times;
  auto& clock = kj::systemPreciseMonotonicClock();
  for (auto _ : state) {
    if (pooled) {
      state.PauseTiming();
      timer.afterDelay(15 * kj::MILLISECONDS).wait(io.waitScope);
      state.ResumeTiming();
    }
    auto started = clock.now();
    dispatchHello(host, io.waitScope);
    times.push_back((clock.now() - started) / kj::NANOSECONDS / 1000.0);
  }
  state.counters["p50_us"] = percentileOf(times, 0.5);
  state.counters["p99_us"] = percentileOf(times, 0.99);
  state.counters["sandboxes_per_s"] =
      benchmark::Counter(state.iterations(), benchmark::Counter::kIsRate);
  state.SetLabel(pooled ? "pooled" : "back to back");
}
BENCHMARK(BM_LoaderSandbox)->Arg(1)->Iterations(200)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LoaderSandbox)->Arg(0)->MinTime(3)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace shoal

int main(int argc, char** argv) {
  // --big[=N]: also create the Nth live isolate (default 10,000; see the head of the file).
  std::vector<char*> args;
  long big = 0;
  for (int i = 0; i < argc; ++i) {
    if (strcmp(argv[i], "--big") == 0) {
      big = 10000;
    } else if (strncmp(argv[i], "--big=", 6) == 0) {
      big = strtol(argv[i] + 6, nullptr, 10);
    } else {
      args.push_back(argv[i]);
    }
  }
  if (big > 0) {
    benchmark::RegisterBenchmark("BM_IsolateCreation", shoal::BM_IsolateCreation)
        ->Arg(big)
        ->Iterations(200)
        ->Unit(benchmark::kMillisecond);
  }
  int count = args.size();
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
