// Sessions from C++: ids, stubs, SQL and key-value storage, event transactions, RPC
// methods, and what survives a new isolate — on real SQLite files.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include <kj/debug.h>

#include "runtime/testing.h"

namespace shoal {
namespace {

std::string tempDir() {
  const char* base = getenv("TEST_TMPDIR");
  std::string dir = std::string(base ? base : "/tmp") + "/sessions-test-XXXXXX";
  KJ_ASSERT(mkdtemp(dir.data()) != nullptr);
  return dir;
}

constexpr const char* COUNTER = R"js(
export class Counter {
  constructor(ctx, env) {
    this.ctx = ctx;
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS hits (n INTEGER)");
  }
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/fail") {
      this.ctx.storage.sql.exec("INSERT INTO hits VALUES (1)");
      throw new Error("after a write");
    }
    this.ctx.storage.sql.exec("INSERT INTO hits VALUES (1)");
    const { total } = this.ctx.storage.sql.exec("SELECT count(*) AS total FROM hits").one();
    return new Response(String(total));
  }
  async add(a, b) { return { sum: a + b, id: this.ctx.id.toString().length }; }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.searchParams.get("s") ?? "main";
    const stub = env.COUNTERS.get(env.COUNTERS.idFromName(name));
    if (url.pathname === "/many") {
      const answers = await Promise.all(
          Array.from({ length: 100 }, () => stub.fetch("http://session/").then((r) => r.text())));
      return new Response(String(Math.max(...answers.map(Number))));
    }
    if (url.pathname === "/rpc") return Response.json(await stub.add(2, 3));
    return stub.fetch(new Request("http://session" + url.pathname));
  },
};
)js";

WorkerConfig sessionConfig(const std::string& dir) {
  auto config = TestWorker::defaultConfig();
  // These tests are about state, not time: a hundred SQL events in one request came near
  // the default 50 ms when the machine was loaded.
  config.limits.cpuPerEvent = 1 * kj::SECONDS;
  config.sessions.add(SessionBinding{kj::str("COUNTERS"), kj::str("Counter")});
  config.sessionsFolder = kj::str(dir.c_str(), "/sessions/test");
  return config;
}

TEST(Sessions, CountsInSqlAndSurviveANewIsolate) {
  auto dir = tempDir();
  MemoryModuleSource modules{{"worker.js", COUNTER}};
  {
    TestWorker w(modules, sessionConfig(dir));
    EXPECT_EQ(TestWorker::bodyText(w.get("http://x/")), "1");
    EXPECT_EQ(TestWorker::bodyText(w.get("http://x/")), "2");
    // 100 concurrent events on one session run one at a time: the last sees 102.
    EXPECT_EQ(TestWorker::bodyText(w.get("http://x/many")), "102");
    EXPECT_EQ(TestWorker::bodyText(w.get("http://x/?s=other")), "1");
  }
  TestWorker again(modules, sessionConfig(dir));
  EXPECT_EQ(TestWorker::bodyText(again.get("http://x/")), "103");
}

TEST(Sessions, AFailedEventKeepsNoneOfItsWrites) {
  MemoryModuleSource modules{{"worker.js", COUNTER}};
  TestWorker w(modules, sessionConfig(tempDir()));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://x/")), "1");
  EXPECT_EQ(w.get("http://x/fail").status, 500u);
  EXPECT_EQ(TestWorker::bodyText(w.get("http://x/")), "2");
}

TEST(Sessions, RpcMethodsCloneArgumentsAndResults) {
  MemoryModuleSource modules{{"worker.js", COUNTER}};
  TestWorker w(modules, sessionConfig(tempDir()));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://x/rpc")), R"({"sum":5,"id":64})");
}

TEST(Sessions, StorageApi) {
  MemoryModuleSource modules{{"worker.js", R"js(
export class Box {
  constructor(ctx) { this.ctx = ctx; }
  async fetch() {
    const s = this.ctx.storage;
    const out = [];
    await s.put("b", { nested: [1, 2], when: new Date(0) });
    await s.put({ a: 1, c: "three", "b/1": new Map([[1, 2]]) });
    out.push(JSON.stringify((await s.get("b")).nested), (await s.get("b")).when.getTime());
    out.push(JSON.stringify([...(await s.get(["a", "c", "zz"])).entries()]));
    out.push([...(await s.list()).keys()].join(","));
    out.push([...(await s.list({ prefix: "b" })).keys()].join(","));
    out.push([...(await s.list({ start: "b", end: "c", reverse: true })).keys()].join(","));
    out.push([...(await s.list({ limit: 2 })).keys()].join(","));
    out.push(await s.delete("a"), await s.delete("a"), await s.delete(["b", "c", "nope"]));
    s.sql.exec("CREATE TABLE t (x, y)");
    s.sql.exec("INSERT INTO t VALUES (?, ?), (?, ?)", 1, "one", 2.5, null);
    const cursor = s.sql.exec("SELECT x, y FROM t ORDER BY x");
    out.push(cursor.columnNames.join("|"), JSON.stringify(cursor.toArray()));
    out.push(JSON.stringify([...s.sql.exec("SELECT x FROM t").raw()]));
    try { s.transactionSync(() => { s.sql.exec("INSERT INTO t VALUES (9, 9)"); throw new Error("no"); }); }
    catch (e) { out.push("rolled back: " + e.message); }
    out.push(s.sql.exec("SELECT count(*) AS n FROM t").one().n);
    for (const bad of ["ATTACH 'x' AS y", "PRAGMA synchronous=OFF", "SELECT * FROM _shoal_kv", "BEGIN"]) {
      try { s.sql.exec(bad); out.push("allowed: " + bad); } catch (e) { out.push("refused"); }
    }
    out.push(s.sql.databaseSize > 0);
    await s.deleteAll();
    out.push((await s.list()).size, s.sql.exec("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").one().n);
    return new Response(out.join("\n"));
  }
}
export default { fetch(r, env) { return env.BOX.get(env.BOX.newUniqueId()).fetch(r); } };
)js"}};
  auto config = TestWorker::defaultConfig();
  config.sessions.add(SessionBinding{kj::str("BOX"), kj::str("Box")});
  config.sessionsFolder = kj::str(tempDir().c_str(), "/sessions/test");
  TestWorker w(modules, kj::mv(config));
  auto response = w.get("http://x/");
  EXPECT_EQ(TestWorker::bodyText(response),
            "[1,2]\n0\n"
            "[[\"a\",1],[\"c\",\"three\"]]\n"
            "a,b,b/1,c\n"
            "b,b/1\n"
            "b/1,b\n"
            "a,b\n"
            "true\nfalse\n2\n"
            "x|y\n[{\"x\":1,\"y\":\"one\"},{\"x\":2.5,\"y\":null}]\n"
            "[[1],[2.5]]\n"
            "rolled back: no\n2\n"
            "refused\nrefused\nrefused\nrefused\n"
            "true\n0\n0")
      << w.log.uncaughtReports.size();
}

TEST(Sessions, IdsAreDeterministicPerWorkerAndValidated) {
  MemoryModuleSource modules{{"worker.js", R"js(
export class S {}
export default { fetch(r, env) {
  const a = env.S.idFromName("x"), b = env.S.idFromName("x"), c = env.S.idFromName("y");
  const out = [a.toString() === b.toString(), a.equals(b), a.equals(c), a.name,
               /^[0-9a-f]{64}$/.test(env.S.newUniqueId().toString()),
               env.S.idFromString(a.toString()).equals(a)];
  try { env.S.idFromString("nope"); } catch (e) { out.push(e.name); }
  return new Response(out.join(","));
} };
)js"}};
  auto config = TestWorker::defaultConfig();
  config.sessions.add(SessionBinding{kj::str("S"), kj::str("S")});
  config.sessionsFolder = kj::str(tempDir().c_str(), "/sessions/test");
  TestWorker w(modules, kj::mv(config));
  EXPECT_EQ(TestWorker::bodyText(w.get("http://x/")), "true,true,false,x,true,true,TypeError");
}

constexpr const char* ALARMED = R"js(
let constructed = 0;
export class Alarmed {
  constructor(ctx) { this.ctx = ctx; constructed++; }
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/arm") {
      await this.ctx.storage.setAlarm(Date.now() + Number(url.searchParams.get("ms")));
      return new Response("armed " + ((await this.ctx.storage.getAlarm()) > 0));
    }
    if (url.pathname === "/big") {
      const big = new Uint8Array(1 << 20).map((_, i) => i % 251);
      await this.ctx.storage.put("big", big);
      const back = await this.ctx.storage.get("big");
      let same = back.length === big.length;
      for (let i = 0; same && i < big.length; i++) same = back[i] === big[i];
      return new Response("1 MiB value intact: " + same);
    }
    return new Response(`fired=${await this.ctx.storage.get("fired") ?? 0} ` +
                        `constructed=${constructed} alarm=${await this.ctx.storage.getAlarm()}`);
  }
  async alarm() {
    await this.ctx.storage.put("fired", ((await this.ctx.storage.get("fired")) ?? 0) + 1);
  }
}
export default { fetch(r, env) { return env.A.get(env.A.idFromName("one")).fetch(r); } };
)js";

WorkerConfig alarmedConfig(const std::string& dir) {
  auto config = TestWorker::defaultConfig();
  config.sessions.add(SessionBinding{kj::str("A"), kj::str("Alarmed")});
  config.sessionsFolder = kj::str(dir.c_str(), "/sessions/test");
  config.limits.sessionIdle = 20 * kj::MILLISECONDS;
  return config;
}

// By real time, as the worker's timers are due (the loop's own time may lag).
void runFor(TestWorker& w, kj::Duration duration) {
  w.io.provider->getTimer()
      .atTime(kj::systemPreciseMonotonicClock().now() + duration)
      .wait(w.io.waitScope);
}

TEST(Sessions, AlarmsFireAndIdleSessionsCloseAndReopen) {
  MemoryModuleSource modules{{"worker.js", ALARMED}};
  TestWorker w(modules, alarmedConfig(tempDir()));
  // The alarm is due well after the 20 ms idle close, so that a busy machine still closes
  // the session before it: the alarm then reopens the session, which closes again.
  EXPECT_EQ(TestWorker::bodyText(w.get("http://x/arm?ms=100")), "armed true");
  runFor(w, 300 * kj::MILLISECONDS);
  // The alarm fired once; the session went idle after it, closed, and reopens now.
  EXPECT_EQ(TestWorker::bodyText(w.get("http://x/")), "fired=1 constructed=3 alarm=null");
  EXPECT_EQ(TestWorker::bodyText(w.get("http://x/big")), "1 MiB value intact: true");
}

TEST(Sessions, AnAlarmSetBeforeARestartFiresAfterIt) {
  auto dir = tempDir();
  MemoryModuleSource modules{{"worker.js", ALARMED}};
  {
    TestWorker w(modules, alarmedConfig(dir));
    EXPECT_EQ(TestWorker::bodyText(w.get("http://x/arm?ms=60")), "armed true");
  }  // the isolate is gone before the alarm is due
  TestWorker again(modules, alarmedConfig(dir));
  runFor(again, 200 * kj::MILLISECONDS);
  auto body = TestWorker::bodyText(again.get("http://x/"));
  EXPECT_TRUE(body.startsWith("fired=1 ")) << body.cStr();
}

TEST(Sessions, ABindingToAMissingClassIsALoadError) {
  MemoryModuleSource modules{{"worker.js", "export default { fetch() {} };"}};
  auto config = TestWorker::defaultConfig();
  config.sessions.add(SessionBinding{kj::str("S"), kj::str("Nope")});
  KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() { TestWorker w(modules, kj::mv(config)); })) {
    EXPECT_NE(e->getDescription().findFirst('N'), nullptr);
    EXPECT_TRUE(strstr(e->getDescription().cStr(), "names the class Nope") != nullptr)
        << e->getDescription().cStr();
  } else {
    ADD_FAILURE() << "loaded";
  }
}

}  // namespace
}  // namespace shoal
