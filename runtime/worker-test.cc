// The worker runtime from C++: loading, both worker forms, the request and response as
// they cross into and out of JavaScript, errors, timers, limits.

#include "runtime/worker.h"

#include <gtest/gtest.h>
#include <time.h>
#include <unistd.h>
#include <kj/debug.h>

#include "runtime/testing.h"

namespace shoal {
namespace {

// The user-facing message of a worker that fails to load.
kj::String loadError(ModuleSource& modules) {
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() { TestWorker worker(modules); })) {
    return kj::str(exception->getDescription());
  }
  return kj::str("(loaded without error)");
}

kj::String loadError(kj::StringPtr mainSource) {
  MemoryModuleSource modules{{"worker.js", mainSource}};
  return loadError(modules);
}

kj::StringPtr header(const WorkerResponse& response, kj::StringPtr name) {
  for (auto& h: response.headers) {
    if (h.name == name) return h.value;
  }
  return "(none)";
}

TEST(Worker, ModuleWorkerAnswers) {
  TestWorker w(R"(export default {
    async fetch(request) { return new Response("hi " + request.method); } })");
  auto response = w.get("http://example.com/");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(TestWorker::bodyText(response), "hi GET");
  EXPECT_EQ(header(response, "content-type"), "text/plain;charset=UTF-8");
}

TEST(Worker, ServiceWorkerFormAnswers) {
  TestWorker w(R"(addEventListener("fetch", (event) => {
    event.respondWith(new Response("sw " + new URL(event.request.url).pathname)); });)");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/a/b")), "sw /a/b");
}

TEST(Worker, ServiceWorkerScriptRunsAsAClassicScript) {
  // Top-level `var` lands on the global and `this` is the global, as in a browser script.
  TestWorker w(R"(var counter = 41;
    addEventListener("fetch", (event) => {
      event.respondWith(new Response(String(++globalThis.counter) + " " + (this === self)));
    });)");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "42 true");
}

TEST(Worker, RequestCrossesIntact) {
  TestWorker w(R"(export default { async fetch(request) {
    const body = await request.text();
    return Response.json({ method: request.method, url: request.url,
      type: request.headers.get("content-type"), body }, { status: 201,
      headers: { "x-one": "1" } }); } })");
  HttpHeader headers[] = {{kj::str("Content-Type"), kj::str("text/plain")}};
  auto response = w.fetch("POST", "http://example.com/p?q=1", headers, "payload"_kj);
  EXPECT_EQ(response.status, 201u);
  EXPECT_EQ(header(response, "x-one"), "1");
  EXPECT_EQ(TestWorker::bodyText(response),
            R"({"method":"POST","url":"http://example.com/p?q=1","type":"text/plain",)"
            R"("body":"payload"})");
}

TEST(Worker, BinaryBodiesRoundTrip) {
  TestWorker w(R"(export default { async fetch(request) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return new Response(bytes.map((b) => 255 - b)); } })");
  kj::StringPtr body = "\x01\x02\xfe";
  auto response = w.fetch("POST", "http://example.com/", nullptr, body);
  ASSERT_EQ(response.body.size(), 3u);
  EXPECT_EQ(response.body[0], 0xfe);
  EXPECT_EQ(response.body[1], 0xfd);
  EXPECT_EQ(response.body[2], 0x01);
}

TEST(Worker, RelativeImportsResolveWithinTheWorker) {
  MemoryModuleSource modules{
      {"worker.js", "import { greet } from './lib/greet.js';\n"
                    "export default { fetch() { return new Response(greet('x')); } };"},
      {"lib/greet.js", "import { PREFIX } from '../config.js';\n"
                       "export const greet = (n) => PREFIX + n;"},
      {"config.js", "export const PREFIX = 'hello ';"}};
  TestWorker w(modules);
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "hello x");
  auto paths = w.worker->modulePaths();
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(paths[0], "worker.js");
}

TEST(Worker, BareImportIsAClearError) {
  auto error = loadError("\nimport x from 'lodash';\nexport default { fetch() {} };");
  EXPECT_TRUE(error.startsWith("worker.js:2:15: cannot import 'lodash'")) << error.cStr();
}

TEST(Worker, MissingImportNamesTheImporter) {
  auto error = loadError("import './nope.js';\nexport default { fetch() {} };");
  EXPECT_EQ(error, "worker.js: cannot import 'nope.js': no such file");
}

TEST(Worker, SyntaxErrorNamesLineAndColumn) {
  auto error = loadError("export default {\n  fetch() { return 1 +; }\n};");
  EXPECT_TRUE(error.startsWith("worker.js:2:23: SyntaxError: Unexpected token ';'"))
      << error.cStr();
}

TEST(Worker, MissingFetchHandlerIsAnError) {
  auto error = loadError("export default { hello() {} };");
  EXPECT_TRUE(error.startsWith("worker.js: the worker has no fetch handler")) << error.cStr();
}

TEST(Worker, ExceptionAtStartupIsAnError) {
  auto error = loadError("\n\nthrow new RangeError('bad config');");
  EXPECT_TRUE(error.startsWith("worker.js:3:7: RangeError: bad config")) << error.cStr();
}

TEST(Worker, ThrowingHandlerGives500AndLogsTheStack) {
  TestWorker w("export default {\n  async fetch() {\n    throw new Error('boom');\n  } };");
  auto response = w.get("http://example.com/");
  EXPECT_EQ(response.status, 500u);
  auto body = TestWorker::bodyText(response);
  EXPECT_EQ(body.findFirst('b'), nullptr) << "the body must not carry the error: " << body.cStr();
  ASSERT_EQ(w.log.uncaughtReports.size(), 1u);
  auto& report = w.log.uncaughtReports[0];
  EXPECT_NE(strstr(report.cStr(), "Error: boom"), nullptr) << report.cStr();
  EXPECT_NE(strstr(report.cStr(), "worker.js:3:11"), nullptr) << report.cStr();
}

TEST(Worker, NonResponseResultGives500) {
  TestWorker w("export default { fetch() { return 'text'; } };");
  EXPECT_EQ(w.get("http://example.com/").status, 500u);
  ASSERT_EQ(w.log.uncaughtReports.size(), 1u);
  EXPECT_NE(strstr(w.log.uncaughtReports[0].cStr(), "must return a Response"), nullptr);
}

TEST(Worker, TimersResolveAsyncHandlers) {
  TestWorker w(R"(export default { async fetch() {
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => { order.push("b"); resolve(); }, 5);
      setTimeout(() => order.push("a"), 1);
      const never = setTimeout(() => order.push("cleared"), 2);
      clearTimeout(never);
      queueMicrotask(() => order.push("micro"));
    });
    let ticks = 0;
    await new Promise((resolve) => {
      const id = setInterval(() => { if (++ticks === 3) { clearInterval(id); resolve(); } }, 1);
    });
    return new Response(order.join(",") + " ticks=" + ticks); } })");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "micro,a,b ticks=3");
}

TEST(Worker, TimersRunInDueOrderEvenWhenTheLoopIsLate) {
  TestWorker w(R"(export default { async fetch() {
    const order = [];
    await new Promise((resolve) => {
      let n = 0;
      const id = setInterval(() => { order.push("i" + ++n); if (n === 3) clearInterval(id); }, 10);
      setTimeout(() => order.push("t15"), 15);
      setTimeout(() => { order.push("t50"); resolve(); }, 50);
    });
    return new Response(order.join(",")); } })");
  WorkerRequest request;
  request.method = kj::str("GET");
  request.url = kj::str("http://example.com/");
  auto promise = w.worker->fetch(kj::mv(request));
  usleep(80 * 1000);  // every timer is overdue when the loop next looks
  auto response = promise.wait(w.io.waitScope);
  EXPECT_EQ(TestWorker::bodyText(response), "i1,t15,i2,i3,t50");
}

TEST(Worker, ConsoleReachesTheLog) {
  TestWorker w(R"(export default { fetch() {
    console.log("one", 2, { three: 3 }); console.error("bad");
    return new Response(""); } })");
  w.get("http://example.com/");
  ASSERT_EQ(w.log.consoleLines.size(), 2u);
  EXPECT_EQ(w.log.consoleLines[0], "log: one 2 { three: 3 }");
  EXPECT_EQ(w.log.consoleLines[1], "error: bad");
}

TEST(Worker, EnvHoldsTextBindings) {
  MemoryModuleSource modules{{"worker.js", R"(export default {
    fetch(request, env) { return new Response(env.GREETING + " " + Object.keys(env)); } })"}};
  auto config = TestWorker::defaultConfig();
  config.vars.add(HttpHeader{kj::str("GREETING"), kj::str("hey")});
  TestWorker w(modules, kj::mv(config));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "hey GREETING");
}

TEST(Worker, StartsEmpty) {
  TestWorker w(R"(export default { fetch() {
    const seen = [typeof process, typeof require, typeof Buffer, typeof SharedArrayBuffer];
    for (const attempt of [() => eval("1"), () => new Function("return 1")]) {
      try { attempt(); seen.push("allowed"); } catch (e) { seen.push(e.name); }
    }
    return new Response(seen.join(",")); } })");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")),
            "undefined,undefined,undefined,undefined,EvalError,EvalError");
}

// Every isolate is made from one startup snapshot (runtime/startup-snapshot.h); what must
// differ per isolate does: Math.random's state, and the clock's origin, the isolate's own
// rather than the snapshot's.
TEST(Worker, IsolatesFromTheSnapshotStartFresh) {
  auto sample = []() {
    TestWorker w(R"(export default { fetch() {
      return new Response(`${Math.random()} ${performance.now()}`); } })");
    auto text = TestWorker::bodyText(w.get("http://example.com/"));
    auto space = KJ_ASSERT_NONNULL(text.findFirst(' '));
    return std::make_pair(kj::heapString(text.slice(0, space)),
                          strtod(text.slice(space + 1).cStr(), nullptr));
  };
  auto first = sample();
  usleep(200 * 1000);  // the snapshot is older than this when the second isolate starts
  auto second = sample();
  EXPECT_NE(first.first, second.first);
  EXPECT_LT(second.second, 150);
}

// V8 leaves what it ships behind flags out of a snapshot and adds it to each context made
// from one: workers have it all the same (runtime/js/README.md).
TEST(Worker, FeaturesBehindV8FlagsAreThere) {
  TestWorker w(R"(export default { fetch() {
    return new Response([typeof Object.hasOwn, [1, 2].at(-1), [1, 2].findLast(() => true),
                         "ab".at(-1), typeof Atomics].join()); } })");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "function,2,2,b,object");
}

TEST(Worker, FetchWithNothingGrantedIsRefused) {
  TestWorker w(R"(export default { async fetch() {
    try { await fetch("https://example.com/"); return new Response("reached"); }
    catch (e) { return new Response(`${e.name}: ${e.message}`); } } })");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")),
            "TypeError: fetch() to https://example.com/ refused: this worker has no network "
            "granted");
}

// Answers every subrequest itself, recording what reached it: the runtime's half of the
// contract (control/subrequests decides what is allowed; tests/integration covers that).
class RecordingSubrequests final : public Subrequests {
 public:
  kj::Promise<SubrequestOutcome> fetch(WorkerRequest request) override {
    return answer(kj::str("net"), kj::mv(request));
  }
  kj::Promise<SubrequestOutcome> service(kj::StringPtr binding, WorkerRequest request) override {
    return answer(kj::str("service ", binding), kj::mv(request));
  }

  kj::Vector<kj::String> seen;

 private:
  kj::Promise<SubrequestOutcome> answer(kj::String via, WorkerRequest request) {
    kj::Promise<kj::Array<kj::byte>> body = kj::Array<kj::byte>();
    KJ_IF_MAYBE(bytes, request.body) body = kj::heapArray<kj::byte>(*bytes);
    KJ_IF_MAYBE(stream, request.bodyStream) {
      auto& from = **stream;
      body = from.readAllBytes().attach(kj::mv(*stream));
    }
    return body.then([this, via = kj::mv(via), request = kj::mv(request)](
                         kj::Array<kj::byte> bytes) mutable {
      seen.add(kj::str(via, " ", request.method, " ", request.url, " depth=",
                       request.serviceDepth, " body=", bytes.asChars()));
      WorkerResponse response{201, kj::str("Created"), {}, kj::heapArray("pong"_kj.asBytes())};
      response.headers.add(HttpHeader{kj::str("x-answer"), kj::str("yes")});
      return SubrequestOutcome{kj::mv(response), nullptr};
    });
  }
};

TEST(Worker, SubrequestsCarryTheRequestAndCountPerRequest) {
  MemoryModuleSource modules{{"worker.js", R"(export default { async fetch(request, env) {
    const n = Number(new URL(request.url).searchParams.get("n") || 1);
    const out = [];
    for (let i = 0; i < n; i++) {
      const r = i % 2 ? await env.AUTH.fetch("http://auth/check", { method: "POST", body: "b" })
                      : await fetch("https://api.example.com/x");
      out.push(`${r.status} ${r.headers.get("x-answer")} ${await r.text()}`);
    }
    return new Response(out.join(";"));
  } })"}};
  RecordingSubrequests subrequests;
  auto config = TestWorker::defaultConfig();
  config.services.add(kj::str("AUTH"));
  config.subrequests = subrequests;
  config.limits.subrequestsPerRequest = 3;
  TestWorker w(modules, kj::mv(config));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/?n=2")),
            "201 yes pong;201 yes pong");
  ASSERT_EQ(subrequests.seen.size(), 2u);
  EXPECT_EQ(subrequests.seen[0], "net GET https://api.example.com/x depth=1 body=");
  EXPECT_EQ(subrequests.seen[1], "service AUTH POST http://auth/check depth=1 body=b");
  // Three fit; the fourth fails the request with the limit's name.
  EXPECT_EQ(w.get("http://example.com/?n=3").status, 200u);
  auto over = w.get("http://example.com/?n=4");
  EXPECT_EQ(over.status, 503u);
  EXPECT_EQ(TestWorker::bodyText(over), "subrequest_limit_exceeded");
  EXPECT_EQ(w.worker->eventLimitHits().subrequests, 1u);
}

// Runs the worker's scheduled handler for `cron`; "ok" or the error.
kj::String runScheduled(TestWorker& w, kj::StringPtr cron) {
  auto outcome = w.worker->scheduled(cron, 1.7e12).wait(w.io.waitScope);
  KJ_IF_MAYBE(error, outcome) return kj::mv(*error);
  return kj::str("ok");
}

TEST(Worker, ScheduledHandlersRunForCronTriggers) {
  {
    TestWorker module(R"(export default {
      async scheduled(controller, env, ctx) {
        ctx.waitUntil(Promise.resolve().then(() => console.log("waited", controller.cron)));
        if (controller.cron === "fail") throw new RangeError("no luck");
        console.log(String(controller), controller.scheduledTime, typeof controller.noRetry);
      },
      fetch() { return new Response("also http"); },
    })");
    EXPECT_EQ(runScheduled(module, "*/5 * * * *"), "ok");
    ASSERT_EQ(module.log.consoleLines.size(), 2u);
    EXPECT_EQ(module.log.consoleLines[0],
              "log: [object ScheduledController] 1700000000000 function");
    EXPECT_EQ(module.log.consoleLines[1], "log: waited */5 * * * *");
    auto failed = runScheduled(module, "fail");
    EXPECT_TRUE(failed.startsWith("RangeError: no luck")) << failed.cStr();
    EXPECT_EQ(TestWorker::bodyText(module.get("http://example.com/")), "also http");
  }
  {
    TestWorker script(R"(
      addEventListener("scheduled", (event) => {
        event.waitUntil(Promise.resolve().then(() => console.log(event.type, event.cron)));
      });)");
    EXPECT_EQ(runScheduled(script, "0 * * * *"), "ok");
    ASSERT_EQ(script.log.consoleLines.size(), 1u);
    EXPECT_EQ(script.log.consoleLines[0], "log: scheduled 0 * * * *");
  }
  {
    // Without a scheduled handler, the event fails with what to do.
    TestWorker httpOnly("export default { fetch() { return new Response('x'); } };");
    EXPECT_TRUE(runScheduled(httpOnly, "* * * * *")
                    .startsWith("TypeError: the worker has no scheduled handler"));
  }
}

TEST(Worker, StreamBodiesCrossTheHost) {
  // A response body from an asynchronous stream streams out, in order, and so does a
  // subrequest's stream body; a stream that fails midway cuts the body short, logged.
  MemoryModuleSource modules{{"worker.js", R"(export default { async fetch(request, env) {
    const path = new URL(request.url).pathname;
    const enc = new TextEncoder();
    if (path === "/fails") {
      const broken = { pull(c) { c.error(new RangeError("disk gone")); } };
      return new Response(new ReadableStream(broken));
    }
    if (path === "/sub") {
      const body = ReadableStream.from(["up", "load"]).pipeThrough(new TextEncoderStream());
      const r = await env.AUTH.fetch("http://auth/put", { method: "PUT", body });
      return new Response(r.body);
    }
    let i = 0;
    return new Response(new ReadableStream({ async pull(c) {
      await new Promise((r) => setTimeout(r, 1));
      if (++i > 3) c.close(); else c.enqueue(enc.encode("part" + i + ";"));
    } }));
  } })"}};
  RecordingSubrequests subrequests;
  auto config = TestWorker::defaultConfig();
  config.services.add(kj::str("AUTH"));
  config.subrequests = subrequests;
  TestWorker w(modules, kj::mv(config));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "part1;part2;part3;");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/sub")), "pong");
  ASSERT_EQ(subrequests.seen.size(), 1u);
  EXPECT_EQ(subrequests.seen[0], "service AUTH PUT http://auth/put depth=1 body=upload");
  // The head has gone out already: the body is cut short, never complete.
  auto failed = w.get("http://example.com/fails");
  EXPECT_EQ(failed.status, 200u);
  EXPECT_EQ(TestWorker::bodyText(failed),
            "(body stream failed: the worker's response stream failed)");
  ASSERT_EQ(w.log.uncaughtReports.size(), 1u);
  EXPECT_NE(strstr(w.log.uncaughtReports[0].cStr(), "disk gone"), nullptr)
      << w.log.uncaughtReports[0].cStr();
}

TEST(Worker, ADecompressionBombIsStoppedByTheLimits) {
  // Raw deflate (one fixed-Huffman block: a zero byte, then "repeat the last 258 bytes" over
  // and over) that inflates to 128 MiB from 820 KiB: the native calls do bounded work, so the
  // ArrayBuffer budget or the CPU limit stops it, and the process goes on.
  MemoryModuleSource modules{{"worker.js", R"(export default { async fetch(request) {
    const pairs = 16 + 8 * Number(new URL(request.url).searchParams.get("k"));
    const used = 3 + 8 + 13 * pairs;  // bits, then 7 zero bits end the block
    const out = new Uint8Array(Math.ceil((used + 7) / 8));
    let pos = 0, bit = 0;
    const put = (b) => { if (b) out[pos] |= 1 << bit; if (++bit === 8) { bit = 0; pos++; } };
    const code = (value, length) => {
      for (let i = length - 1; i >= 0; i--) put((value >> i) & 1);
    };
    put(1); put(1); put(0);                                 // last block, fixed Huffman codes
    code(0x30, 8);                                          // the literal 0
    for (let i = 0; i < 16; i++) { code(0xc5, 8); code(0, 5); }  // length 258, distance 1
    const last = Math.ceil(used / 8);
    for (let b = 15; b < last; b++) out[b] = out[b - 13];  // 8 pairs fill 13 bytes
    if (used % 8) out[last - 1] &= (1 << (used % 8)) - 1;
    out.fill(0, last);
    const ds = new DecompressionStream("deflate-raw");
    const w = ds.writable.getWriter();
    w.write(out).catch(() => {});
    w.close().catch(() => {});
    const bytes = await new Response(ds.readable).arrayBuffer();
    return new Response(String(bytes.byteLength));
  } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.heapBytes = 32 << 20;
  TestWorker w(modules, kj::mv(config));
  // The same construction, small: 1 + 258 * 1016 bytes.
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/?k=125")), "262129");
  auto response = w.get("http://example.com/?k=65000");
  EXPECT_TRUE(response.status == 500u || response.status == 503u)
      << response.status << " " << TestWorker::bodyText(response).cStr();
}

TEST(Worker, HeapExhaustionStopsOnlyThatWorker) {
  MemoryModuleSource modules{{"worker.js", R"(export default { fetch() {
    const hoard = [];
    for (;;) hoard.push(new Array(100000).fill(1.5));
  } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.heapBytes = 32 << 20;
  // Filling the heap takes CPU time (more on a busy machine): the memory limit must be the
  // one that stops it here.
  config.limits.cpuPerEvent = 5 * kj::SECONDS;
  {
    TestWorker w(modules, kj::mv(config));
    auto response = w.get("http://example.com/");
    EXPECT_EQ(response.status, 503u);
    EXPECT_EQ(TestWorker::bodyText(response), "memory_limit_exceeded");
    EXPECT_TRUE(w.worker->isBroken());
    EXPECT_EQ(w.get("http://example.com/").status, 503u);
  }

  // The process is fine: a new worker runs.
  TestWorker other("export default { fetch() { return new Response('alive'); } };");
  EXPECT_EQ(TestWorker::bodyText(other.get("http://example.com/")), "alive");
}

TEST(Worker, EndlessLoopIsStoppedByTheCpuLimit) {
  {
    TestWorker w(R"(export default { fetch(request) {
      if (request.url.endsWith("/spin")) for (;;) {}
      return new Response("fine"); } })");
    EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "fine");
    auto response = w.get("http://example.com/spin");
    EXPECT_EQ(response.status, 503u);
    EXPECT_EQ(TestWorker::bodyText(response), "cpu_limit_exceeded");
    EXPECT_TRUE(w.worker->isBroken());
    ASSERT_GE(w.log.uncaughtReports.size(), 1u);
    EXPECT_NE(strstr(w.log.uncaughtReports.back().cStr(), "50 ms of CPU time"), nullptr)
        << w.log.uncaughtReports.back().cStr();
  }
  // A loop in a timer or a promise chain is one event too.
  TestWorker w(R"(export default { async fetch() {
    await new Promise((resolve) => setTimeout(resolve, 1));
    for (;;) {} } })");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "cpu_limit_exceeded");
}

double threadCpuMs() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

// RSA key generation runs in OpenSSL, where the watchdog cannot interrupt it; it polls the
// watchdog instead (Watchdog::Scope::firedOnThisThread), so it stops near the limit and not
// a few hundred milliseconds (4096 bits: a second or more) later.
TEST(Worker, RsaKeyGenerationStopsAtTheCpuLimit) {
  MemoryModuleSource modules{{"worker.js", R"(export default { async fetch() {
    for (;;) {
      await crypto.subtle.generateKey({ name: "RSA-PSS", modulusLength: 4096,
          publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, false, ["sign"]);
    } } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.cpuPerEvent = 10 * kj::MILLISECONDS;
  TestWorker w(modules, kj::mv(config));
  double start = threadCpuMs();
  auto response = w.get("http://example.com/");
  double used = threadCpuMs() - start;
  EXPECT_EQ(response.status, 503u);
  EXPECT_EQ(TestWorker::bodyText(response), "cpu_limit_exceeded");
  EXPECT_LT(used, 150) << "generation ran on past the limit";
}

TEST(Worker, RsaKeysOfTheUsualSizes) {
  MemoryModuleSource modules{{"worker.js", R"(export default { async fetch() {
    const s = crypto.subtle, out = [], data = new Uint8Array(8);
    const params = (modulusLength, name = "RSASSA-PKCS1-v1_5") =>
        ({ name, modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" });
    const pair = await s.generateKey(params(2048), false, ["sign", "verify"]);
    const sig = await s.sign("RSASSA-PKCS1-v1_5", pair.privateKey, data);
    out.push(pair.publicKey.algorithm.modulusLength, sig.byteLength,
             await s.verify("RSASSA-PKCS1-v1_5", pair.publicKey, sig, data));
    const oaep = await s.generateKey(params(2048, "RSA-OAEP"), false, ["encrypt", "decrypt"]);
    const text = await s.decrypt("RSA-OAEP", oaep.privateKey,
        await s.encrypt("RSA-OAEP", oaep.publicKey, new TextEncoder().encode("round trip")));
    out.push(new TextDecoder().decode(text));
    for (const bits of [4224, 8192]) {
      try { await s.generateKey(params(bits), false, ["sign"]); out.push("generated"); }
      catch (e) { out.push(e.name); }
    }
    return new Response(out.join(" ")); } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.cpuPerEvent = 30 * kj::SECONDS;  // 2048-bit generation: up to a second each
  TestWorker w(modules, kj::mv(config));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")),
            "2048 256 true round trip NotSupportedError NotSupportedError");
}

TEST(Worker, EndlessLoopAtStartupIsALoadError) {
  auto error = loadError("for (;;) {}\nexport default { fetch() {} };");
  EXPECT_TRUE(error.startsWith("worker.js: cpu_limit_exceeded")) << error.cStr();
}

TEST(Worker, TheClockStandsStillWhileCodeRuns) {
  TestWorker w(R"(export default { async fetch() {
    const start = Date.now();
    let spins = 0;
    while (Date.now() === start && spins < 1e6) spins++;  // a real clock moves meanwhile
    const sameWhileRunning = Date.now() === start && new Date().getTime() === start;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return new Response(sameWhileRunning + " " + (Date.now() > start)); } })");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "true true");
}

TEST(Worker, ArrayBuffersCountAgainstTheMemoryLimit) {
  MemoryModuleSource modules{{"worker.js", R"(export default { fetch() {
    const out = [];
    try { new ArrayBuffer(1 << 30); out.push("allocated 1 GiB"); } catch (e) { out.push(e.name); }
    const fine = new Uint8Array(1 << 20);
    out.push(fine.length);
    return new Response(out.join(" ")); } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.heapBytes = 64 << 20;
  TestWorker w(modules, kj::mv(config));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "RangeError 1048576");
}

TEST(Worker, TimerFloodIsCappedPerIsolate) {
  MemoryModuleSource modules{{"worker.js", R"(export default { fetch() {
    let set = 0;
    try { for (;;) { setTimeout(() => {}, 60000); set++; } }
    catch (e) { return new Response(set + " " + e.message.split(":")[0]); } } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.timers = 100;
  TestWorker w(modules, kj::mv(config));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "100 timer_limit_exceeded");
}

// Each event has its own budget of pending timers: what one request left pending does not
// count against the next, a cleared timer makes room, and a request that fails because of
// the limit gets a 503 naming it.
TEST(Worker, TimersAreCappedPerEvent) {
  MemoryModuleSource modules{{"worker.js", R"(export default { fetch(request) {
    const q = new URL(request.url).searchParams;
    const ids = [];
    try {
      for (;;) ids.push(setTimeout(() => {}, 60000));
    } catch (e) {
      if (q.has("throw")) throw e;
      let after = "";
      if (q.has("clear")) {
        clearTimeout(ids.pop());
        ids.push(setTimeout(() => {}, 60000));
        after = " then one more";
        for (const id of ids) clearTimeout(id);
      }
      return new Response(`${ids.length} ${e.message.split(":")[0]}${after}`);
    } } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.timersPerEvent = 50;
  TestWorker w(modules, kj::mv(config));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/?clear")),
            "50 timer_limit_exceeded then one more");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/?keep")), "50 timer_limit_exceeded");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/?keep")), "50 timer_limit_exceeded");
  auto failed = w.get("http://example.com/?throw");
  EXPECT_EQ(failed.status, 503u);
  EXPECT_EQ(TestWorker::bodyText(failed), "timer_limit_exceeded");
  EXPECT_EQ(w.worker->eventLimitHits().timers, 4u);
}

TEST(Worker, ARequestThatNeverAnswersHitsTheWallTimeLimit) {
  MemoryModuleSource modules{{"worker.js", R"(export default {
    fetch(request) {
      if (request.url.endsWith("/hang")) return new Promise(() => {});
      return new Response("fine"); } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.wallPerRequest = 50 * kj::MILLISECONDS;
  TestWorker w(modules, kj::mv(config));
  auto response = w.get("http://example.com/hang");
  EXPECT_EQ(response.status, 503u);
  EXPECT_EQ(TestWorker::bodyText(response), "wall_time_limit_exceeded");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "fine");
}

TEST(Worker, ConsoleOutputIsCappedPerEvent) {
  MemoryModuleSource modules{{"worker.js", R"(export default { async fetch(request) {
    // /split logs from a timer callback each time: still one event, one budget.
    const split = request.url.endsWith("/split");
    for (let i = 0; i < (split ? 30 : 1000); i++) {
      console.log("x".repeat(99));
      if (split) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return new Response("done"); } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.consoleBytesPerEvent = 1000;
  TestWorker w(modules, kj::mv(config));
  WorkerRequest request{kj::str("GET"), kj::str("http://example.com/"), {}, nullptr};
  request.requestId = kj::str("r-1");
  EXPECT_EQ(TestWorker::bodyText(w.worker->fetch(kj::mv(request)).wait(w.io.waitScope)), "done");
  ASSERT_EQ(w.log.consoleLines.size(), 11u);  // ten lines fit, then one says why no more
  EXPECT_TRUE(w.log.consoleLines[10].startsWith("warn: ")) << w.log.consoleLines[10].cStr();
  EXPECT_NE(strstr(w.log.consoleLines[10].cStr(), ": console_limit_exceeded (request r-1): "),
            nullptr)
      << w.log.consoleLines[10].cStr();
  // The next event may log again, however its output is split.
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/split")), "done");
  EXPECT_EQ(w.log.consoleLines.size(), 22u);
  EXPECT_EQ(w.worker->eventLimitHits().console, 2u);
}

TEST(Worker, ConcurrentRequestsAreCappedPerIsolate) {
  MemoryModuleSource modules{{"worker.js", R"(export default { async fetch() {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return new Response("served"); } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.concurrentRequests = 2;
  TestWorker w(modules, kj::mv(config));
  auto request = []() {
    WorkerRequest r;
    r.method = kj::str("GET");
    r.url = kj::str("http://example.com/");
    return r;
  };
  auto first = w.worker->fetch(request());
  auto second = w.worker->fetch(request());
  auto third = w.worker->fetch(request()).wait(w.io.waitScope);
  EXPECT_EQ(third.status, 503u);
  EXPECT_EQ(TestWorker::bodyText(third), "concurrency_limit_exceeded");
  EXPECT_EQ(TestWorker::bodyText(first.wait(w.io.waitScope)), "served");
  EXPECT_EQ(TestWorker::bodyText(second.wait(w.io.waitScope)), "served");
}

TEST(Worker, WaitUntilOutlivesTheResponse) {
  TestWorker w(R"(let done = 0;
  export default { fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/check") return new Response(String(done));
    ctx.waitUntil(new Promise((resolve) => setTimeout(() => { done++; resolve(); }, 1)));
    ctx.waitUntil(Promise.reject(new Error("background failure")));
    return new Response("started"); } })");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "started");
  // Timers are due by real time (the loop's own time may lag on a busy machine).
  w.io.provider->getTimer()
      .atTime(kj::systemPreciseMonotonicClock().now() + 50 * kj::MILLISECONDS)
      .wait(w.io.waitScope);
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/check")), "1");
  ASSERT_EQ(w.log.uncaughtReports.size(), 1u);
  EXPECT_NE(strstr(w.log.uncaughtReports[0].cStr(), "background failure"), nullptr);
}

TEST(Worker, UnhandledRejectionIsLoggedOnce) {
  TestWorker w(R"(export default { async fetch() {
    Promise.reject(new Error("nobody listens"));
    const late = Promise.reject(new Error("handled later"));
    late.catch(() => {});
    return new Response("ok"); } })");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "ok");
  ASSERT_EQ(w.log.uncaughtReports.size(), 1u);
  EXPECT_NE(strstr(w.log.uncaughtReports[0].cStr(), "(in promise)"), nullptr);
  EXPECT_NE(strstr(w.log.uncaughtReports[0].cStr(), "nobody listens"), nullptr);
}

TEST(Worker, AFloodOfUnhandledRejectionsIsLoggedInBrief) {
  MemoryModuleSource modules{{"worker.js", R"(export default { fetch() {
    for (let i = 0; i < 2000; i++) Promise.reject(new Error(`nobody listens ${i}`));
    return new Response("ok"); } })"}};
  auto config = TestWorker::defaultConfig();
  config.limits.cpuPerEvent = 5 * kj::SECONDS;  // making the errors is not what is tested
  TestWorker w(modules, kj::mv(config));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "ok");
  ASSERT_EQ(w.log.uncaughtReports.size(), 11u);
  EXPECT_NE(strstr(w.log.uncaughtReports[9].cStr(), "nobody listens 9"), nullptr);
  EXPECT_EQ(w.log.uncaughtReports[10],
            "1990 more unhandled rejections in this event were not logged");
}

TEST(Worker, AStreamingBodyNobodyReadsIsDroppedWithTheWorker) {
  // Its pending chunk holds V8 handles: they go before the isolate does (this crashed).
  {
    TestWorker w(R"(export default { fetch() {
      return new Response(new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(1 << 16)); } }));
    } })");
    WorkerRequest request{kj::str("GET"), kj::str("http://example.com/"), {}, nullptr};
    auto response = w.worker->fetch(kj::mv(request)).wait(w.io.waitScope);
    EXPECT_EQ(response.status, 200u);
    EXPECT_TRUE(response.bodyStream != nullptr);
  }
}

TEST(Worker, CompactingGivesGarbageBackAndKeepsState) {
  TestWorker w(R"(let kept = [];
  export default { fetch() {
    for (let i = 0; i < 2000; ++i) new Array(100).fill(i);  // garbage
    kept.push("x".repeat(10));
    return new Response(String(kept.length)); } })");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "1");
  auto before = w.worker->memoryBytes();
  w.worker->compactMemory();
  EXPECT_LT(w.worker->memoryBytes() + (256 << 10), before);
  EXPECT_EQ(TestWorker::bodyText(w.get("http://example.com/")), "2");
}

}  // namespace
}  // namespace shoal
