// env.LOADER from the inside: sandboxes made, reused while warm, kept apart from each other
// and from their caller, stopped at their limits, dropped when their stub is gone.

#include "runtime/sandboxes.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <string.h>

#include <string>
#include <kj/debug.h>

#include "runtime/testing.h"

namespace shoal {
namespace {

bool contains(kj::StringPtr text, kj::StringPtr part) {
  return strstr(text.cStr(), part.cStr()) != nullptr;
}

WorkerConfig loaderConfig() {
  auto config = TestWorker::defaultConfig();
  config.loaders.add(kj::str("LOADER"));
  return config;
}

// A caller worker whose fetch handler is `body` (an async function of request and env).
struct Caller {
  explicit Caller(kj::StringPtr body, WorkerConfig config = loaderConfig())
      : modules{{"worker.js", kj::str("export default { async fetch(request, env, ctx) {\n",
                                      body, "\n} }")}},
        worker(modules, kj::mv(config)) {}
  MemoryModuleSource modules;
  TestWorker worker;

  kj::String get(kj::StringPtr path = "/") {
    auto response = worker.get(kj::str("http://caller.example", path));
    return kj::str(response.status, " ", TestWorker::bodyText(response));
  }
};

TEST(Sandboxes, RunsTheCodeItIsHanded) {
  Caller caller(R"(
    const sandbox = env.LOADER.get("adder", () => ({
      mainModule: "task.js",
      modules: { "task.js": `export default { async fetch(request, env) {
        const n = Number(new URL(request.url).searchParams.get("n"));
        return new Response(String(n + env.ADD.amount) + " " + env.GREETING); } }` },
      env: { ADD: { amount: 40 }, GREETING: "hi" },
    }));
    return sandbox.getEntrypoint().fetch("http://sandbox/?n=2");)");
  EXPECT_EQ(caller.get(), "200 42 hi");
}

TEST(Sandboxes, TextAndJsonModulesAreImportable) {
  Caller caller(R"(
    const sandbox = env.LOADER.load({ mainModule: "main.js", modules: {
      "main.js": { js: `import greeting from "./greeting.txt"; import config from "./config.json";
        export default { fetch() { return new Response(greeting + " " + config.who); } }` },
      "greeting.txt": { text: "hello" },
      "config.json": { json: { who: "world" } },
    } });
    return sandbox.getEntrypoint().fetch("http://s/");)");
  EXPECT_EQ(caller.get(), "200 hello world");
}

TEST(Sandboxes, GetCodeRunsOnlyWhenTheIdIsNotWarm) {
  Caller caller(R"(
    globalThis.calls ??= 0;
    const sandbox = env.LOADER.get("counter", () => {
      ++globalThis.calls;
      return { mainModule: "m.js", modules: { "m.js":
        "let n = 0; export default { fetch() { return new Response(String(++n)); } }" } };
    });
    const answer = await (await sandbox.getEntrypoint().fetch("http://s/")).text();
    return new Response(`${answer} after ${globalThis.calls} load(s)`);)");
  EXPECT_EQ(caller.get(), "200 1 after 1 load(s)");
  EXPECT_EQ(caller.get(), "200 2 after 1 load(s)");  // warm: its globals live on
  EXPECT_EQ(caller.get(), "200 3 after 1 load(s)");
}

TEST(Sandboxes, ConcurrentFirstRequestsShareOneLoad) {
  Caller caller(R"(
    let calls = 0;
    const code = async () => { ++calls; await null;
      return { mainModule: "m.js", modules: { "m.js":
        "export default { fetch() { return new Response('ok'); } }" } }; };
    const a = env.LOADER.get("shared", code), b = env.LOADER.get("shared", code);
    const answers = await Promise.all([a, b, a].map(
        async (s) => (await s.getEntrypoint().fetch("http://s/")).text()));
    return new Response(answers.join(",") + " " + calls);)");
  EXPECT_EQ(caller.get(), "200 ok,ok,ok 1");
}

TEST(Sandboxes, ThousandSnippetsEachSeeOnlyTheirOwn) {
  // Each snippet sets a global and reads its env; none may see another's, nor the caller's.
  // Each call to a sandbox counts as one of the request's subrequests.
  auto config = loaderConfig();
  config.limits.subrequestsPerRequest = 1000;
  Caller caller(R"(
    globalThis.callerSecret = "caller";
    const wrong = [];
    for (let i = 0; i < 1000; ++i) {
      const sandbox = env.LOADER.load({
        mainModule: "s.js",
        modules: { "s.js": `globalThis.mine = ${i};
          export default { fetch(request, env) {
            return Response.json({ mine: globalThis.mine, env: Object.keys(env),
              value: env.VALUE, caller: typeof globalThis.callerSecret,
              loader: typeof env.LOADER }); } }` },
        env: { VALUE: i * 7 },
      });
      const got = await (await sandbox.getEntrypoint().fetch("http://s/")).json();
      if (got.mine !== i || got.value !== i * 7 || got.env.join() !== "VALUE" ||
          got.caller !== "undefined" || got.loader !== "undefined") {
        wrong.push(i);
      }
    }
    return new Response(`wrong: ${wrong.length}`);)",
                kj::mv(config));
  EXPECT_EQ(caller.get(), "200 wrong: 0");
}

TEST(Sandboxes, ASyntaxErrorRejectsWithItsPlace) {
  Caller caller(R"(
    const sandbox = env.LOADER.load({ mainModule: "task.js",
      modules: { "task.js": "export default {\n  fetch() { return 1 +; } }" } });
    try {
      await sandbox.getEntrypoint().fetch("http://s/");
      return new Response("no error");
    } catch (error) {
      return new Response(`${error.constructor.name}: ${error.message}`);
    })");
  auto answer = caller.get();
  EXPECT_TRUE(answer.startsWith("200 Error: task.js:2:")) << answer.cStr();
  EXPECT_TRUE(contains(answer, "SyntaxError")) << answer.cStr();
}

TEST(Sandboxes, ASessionStubHandedOverReachesThatSessionOnly) {
  auto config = loaderConfig();
  config.sessions.add(SessionBinding{kj::str("COUNTERS"), kj::str("Counter")});
  std::string dir = std::string(getenv("TEST_TMPDIR") ?: "/tmp") + "/sandbox-sessions-XXXXXX";
  KJ_ASSERT(mkdtemp(dir.data()) != nullptr);
  config.sessionsFolder = kj::str(dir.c_str(), "/sessions/test");
  MemoryModuleSource modules{{"worker.js", R"(
    export class Counter {
      constructor(ctx) { this.storage = ctx.storage; }
      async add(n) { const v = (await this.storage.get("v") ?? 0) + n; await this.storage.put("v", v); return v; }
      async fetch() { return new Response(String(await this.storage.get("v"))); }
    }
    export default { async fetch(request, env) {
      const stub = env.COUNTERS.get(env.COUNTERS.idFromName("mine"));
      const sandbox = env.LOADER.load({ mainModule: "t.js", env: { COUNTER: stub },
        modules: { "t.js": `export default { async fetch(request, env) {
          const after = await env.COUNTER.add(5);
          const seen = await (await env.COUNTER.fetch("http://counter/")).text();
          return new Response(after + " " + seen + " " + env.COUNTER.name + " " +
                              typeof env.COUNTERS); } }` } });
      const fromSandbox = await (await sandbox.getEntrypoint().fetch("http://s/")).text();
      return new Response(fromSandbox + " | caller sees " + await stub.add(0));
    } })"}};
  TestWorker caller(modules, kj::mv(config));
  auto response = caller.get("http://caller.example/");
  EXPECT_EQ(TestWorker::bodyText(response), "5 5 mine undefined | caller sees 5");
  EXPECT_EQ(TestWorker::bodyText(caller.get("http://caller.example/")),
            "10 10 mine undefined | caller sees 10");
}

TEST(Sandboxes, BadCodeObjectsAreTypeErrors) {
  Caller caller(R"(
    const tries = [
      () => env.LOADER.load({ modules: { "a.js": "" } }),
      () => env.LOADER.load({ mainModule: "b.js", modules: { "a.js": "" } }),
      () => env.LOADER.load({ mainModule: "a.js", modules: { "a.js": 42 } }),
      () => env.LOADER.load({ mainModule: "a.js", modules: { "a.js": "" }, env: { F() {} } }),
      () => env.LOADER.load({ mainModule: "a.js", modules: { "a.js": "" },
                              limits: { cpuMs: -1 } }),
      () => env.LOADER.load({ mainModule: "a.js", modules: { "a.js": "" },
                              outbound: "https://example.com" }),
    ];
    const out = tries.map((t) => { try { t(); return "ok"; }
                                   catch (e) { return e.constructor.name; } });
    return new Response(out.join(","));)");
  EXPECT_EQ(caller.get(), "200 TypeError,TypeError,TypeError,TypeError,TypeError,TypeError");
}

TEST(Sandboxes, HostileSnippetsAreStoppedAndTheCallerCarriesOn) {
  Caller caller(R"(
    globalThis.made ??= {};  // getCode calls, by id
    const run = async (name, source, limits = {}) => {
      const sandbox = env.LOADER.get(name, () => {
        made[name] = (made[name] ?? 0) + 1;
        return { mainModule: "h.js",
                 modules: { "h.js": `export default { async fetch() { ${source} } }` }, limits };
      });
      const response = await sandbox.getEntrypoint().fetch("http://s/");
      return `${name}=${response.status}:${(await response.text()).slice(0, 60)}:made ${made[name]}`;
    };
    const out = [];
    out.push(await run("loop", "for (;;) {}", { cpuMs: 20 }));
    out.push(await run("bomb", "const a = []; for (;;) a.push(new Array(1e5).fill(1));",
                       { memoryMiB: 16 }));
    out.push(await run("fetch", "return await fetch('https://example.com/');"));
    out.push(await run("pollute", "Object.prototype.polluted = 1; Response.prototype.evil = 1;" +
                                  "globalThis.fetch = null; return new Response('done');"));
    out.push(`caller=${({}).polluted === undefined && Response.prototype.evil === undefined &&
                       typeof fetch === "function"}`);
    out.push(await run("ok", "return new Response('fine');"));
    return new Response(out.join("\n"));)");
  auto answer = caller.get();
  EXPECT_TRUE(contains(answer, "loop=503:cpu_limit_exceeded")) << answer.cStr();
  EXPECT_TRUE(contains(answer, "bomb=503:memory_limit_exceeded")) << answer.cStr();
  EXPECT_TRUE(contains(answer, "fetch=500:")) << answer.cStr();
  EXPECT_TRUE(contains(answer, "pollute=200:done")) << answer.cStr();
  EXPECT_TRUE(contains(answer, "caller=true")) << answer.cStr();
  EXPECT_TRUE(contains(answer, "ok=200:fine")) << answer.cStr();
  // The refused fetch says why, in the caller's log, naming the sandbox.
  bool sawRefusal = false;
  for (auto& line: caller.worker.log.uncaughtReports) {
    if (line.startsWith("[sandbox LOADER/fetch]") &&
        contains(line, "has no network")) {
      sawRefusal = true;
    }
  }
  EXPECT_TRUE(sawRefusal) << kj::strArray(caller.worker.log.uncaughtReports, "\n").cStr();
  // The broken ones were dropped: asked again, they are made afresh; the others stay warm.
  auto again = caller.get("/again");
  EXPECT_TRUE(contains(again, "loop=503:cpu_limit_exceeded:made 2")) << again.cStr();
  EXPECT_TRUE(contains(again, "bomb=503:memory_limit_exceeded:made 2")) << again.cStr();
  EXPECT_TRUE(contains(again, "ok=200:fine:made 1")) << again.cStr();
}

// Isolates made bigger than asked, as the host's warm pool has them.
struct BigIsolates final : public IsolateSupply {
  kj::Own<WarmIsolate> take(size_t heapBytes) override {
    ++taken;
    return Worker::prepare(testV8System(), *KJ_ASSERT_NONNULL(timer), WorkerLimits().heapBytes);
  }
  kj::Maybe<kj::Timer*> timer;  // the caller's
  int taken = 0;
};

TEST(Sandboxes, AWarmIsolateTakesTheSandboxsSmallerHeapLimit) {
  BigIsolates supply;
  auto config = loaderConfig();
  config.isolateSupply = supply;
  // 48 MiB in ArrayBuffers and then 48 MiB on the heap (60 arrays of 100,000 small
  // integers, 800 KB each): each past a 16 MiB limit, under the 128 MiB the isolate was
  // made with.
  Caller caller(R"(
    const run = async (name, source) => {
      const sandbox = env.LOADER.get(name, () => ({ mainModule: "h.js", limits: { memoryMiB: 16 },
        modules: { "h.js": `export default { async fetch() { ${source} } }` } }));
      const response = await sandbox.getEntrypoint().fetch("http://s/");
      return `${name}=${response.status}:${await response.text()}`;
    };
    return new Response([
      await run("buffers", "const k = []; for (let i = 0; i < 48; ++i) k.push(new ArrayBuffer(1 << 20)); " +
                           "return new Response('kept ' + k.length);"),
      await run("heap", "const k = []; for (let i = 0; i < 60; ++i) k.push(new Array(1e5).fill(i)); " +
                        "return new Response('kept ' + k.length);"),
    ].join(" "));)", kj::mv(config));
  supply.timer = &caller.worker.io.provider->getTimer();
  auto answer = caller.get();
  EXPECT_EQ(supply.taken, 2);
  EXPECT_TRUE(contains(answer, "buffers=500:")) << answer.cStr();
  // ... because the 17th MiB of ArrayBuffers was refused.
  auto reports = kj::strArray(caller.worker.log.uncaughtReports, "\n");
  EXPECT_TRUE(contains(reports, "RangeError: Array buffer allocation failed")) << reports.cStr();
  EXPECT_TRUE(contains(answer, "heap=503:memory_limit_exceeded")) << answer.cStr();
}

TEST(Sandboxes, ACallReservesTheSubrequestsItsSandboxMayMake) {
  // The caller may make 50 subrequests; a sandbox handed a binding may make some of its
  // own through it, and each call to it reserves them, so the two together stay within 50.
  auto config = loaderConfig();
  config.services.add(kj::str("API"));
  Caller caller(R"(
    const asked = new URL(request.url).searchParams.get("subrequests");
    const sandbox = env.LOADER.load({ mainModule: "m.js", env: { API: env.API },
      limits: asked === null ? {} : { subrequests: Number(asked) },
      modules: { "m.js": "export default { fetch() { return new Response('x'); } }" } });
    let calls = 0;
    try {
      for (;;) { await (await sandbox.getEntrypoint().fetch("http://s/")).text(); ++calls; }
    } catch (error) {
      return new Response(`${calls} ${error.message.split(":")[0]}`);
    })",
                kj::mv(config));
  EXPECT_EQ(caller.get("/?subrequests=4"), "200 10 subrequest_limit_exceeded");  // 10 x (1 + 4)
  EXPECT_EQ(caller.get("/"), "200 1 subrequest_limit_exceeded");  // 1 + 49, the most it gets
}

TEST(Sandboxes, LimitsAreCappedAtTheCallers) {
  // The caller has 50 ms of CPU per event; a sandbox asking for 10 s still gets 50 ms.
  Caller caller(R"(
    const sandbox = env.LOADER.load({ mainModule: "h.js", limits: { cpuMs: 10000 },
      modules: { "h.js": "export default { fetch() { const t = Date.now(); " +
                         "for (;;) {} } }" } });
    const response = await sandbox.getEntrypoint().fetch("http://s/");
    return new Response(await response.text());)");
  EXPECT_EQ(caller.get(), "200 cpu_limit_exceeded");
}

TEST(Sandboxes, OneOffSandboxesGoWithTheirStubs) {
  Caller caller(R"(
    for (let i = 0; i < 20; ++i) {
      const sandbox = env.LOADER.load({ mainModule: "m.js",
        modules: { "m.js": "export default { fetch() { return new Response('x'); } }" } });
      await (await sandbox.getEntrypoint().fetch("http://s/")).text();
    }
    return new Response("ran");)");
  EXPECT_EQ(caller.get(), "200 ran");
  auto before = caller.worker.worker->memoryBytes();
  // Their stubs are garbage now: a full collection drops them, and the memory comes back.
  caller.worker.worker->compactMemory();
  caller.worker.io.waitScope.poll();
  auto after = caller.worker.worker->memoryBytes();
  EXPECT_LT(after + (10 << 20), before) << before << " -> " << after;
}

TEST(Sandboxes, PastTheBudgetTheLeastRecentlyUsedAreDropped) {
  auto config = loaderConfig();
  config.limits.sandboxesLoaded = 3;
  Caller caller(R"(
    globalThis.loads ??= new Map();
    const use = async (id) => {
      const sandbox = env.LOADER.get(id, () => {
        loads.set(id, (loads.get(id) ?? 0) + 1);
        return { mainModule: "m.js",
                 modules: { "m.js": "export default { fetch() { return new Response('x'); } }" } };
      });
      await (await sandbox.getEntrypoint().fetch("http://s/")).text();
    };
    for (const id of ["a", "b", "c", "a", "d", "a", "b"]) await use(id);
    return new Response([...loads].map(([id, n]) => `${id}${n}`).join(" "));)",
                kj::mv(config));
  // d pushed out b (a was used since), and b came back by loading again.
  EXPECT_EQ(caller.get(), "200 a1 b2 c1 d1");
}

}  // namespace
}  // namespace shoal
