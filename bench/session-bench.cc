// Sessions: SQL from a session's JavaScript against the same statements on raw SQLite,
// the first request to an idle session, and durable commits with and without fsync.
// Run: bazel run -c opt //bench:session-bench

#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <string>

#include <kj/debug.h>

#include "runtime/testing.h"
#include "storage/session-db.h"

namespace shoal {
namespace {

constexpr int ROWS = 1000;  // per iteration

std::string tempDir() {
  std::string dir = "/tmp/shoal-session-bench-XXXXXX";
  KJ_ASSERT(mkdtemp(dir.data()) != nullptr);
  return dir;
}

constexpr const char* SESSION_WORKER = R"js(
export class Store {
  constructor(ctx) {
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS kv (k INTEGER PRIMARY KEY, v TEXT)");
  }
  async fetch(request) {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get("n") ?? 1);
    const base = Number(url.searchParams.get("base") ?? 0);
    if (url.pathname === "/insert") {
      for (let i = 0; i < n; i++) this.sql.exec("INSERT OR REPLACE INTO kv VALUES (?, ?)", base + i, "value");
    } else if (url.pathname === "/select") {
      let found = 0;
      for (let i = 0; i < n; i++) found += this.sql.exec("SELECT v FROM kv WHERE k = ?", i).toArray().length;
      if (found !== n) throw new Error("missing rows");
    }
    return new Response("ok");
  }
}
export default {
  fetch(request, env) {
    const name = new URL(request.url).searchParams.get("s") ?? "bench";
    return env.STORE.get(env.STORE.idFromName(name)).fetch(request);
  },
};
)js";

struct SessionWorker {
  SessionWorker() : modules{{"worker.js", SESSION_WORKER}}, worker(modules, config()) {}
  static WorkerConfig config() {
    auto config = TestWorker::defaultConfig();
    config.sessions.add(SessionBinding{kj::str("STORE"), kj::str("Store")});
    config.sessionsFolder = kj::str(tempDir().c_str(), "/sessions/bench");
    config.limits.cpuPerEvent = 10 * kj::SECONDS;  // a benchmark, not a tenant
    return config;
  }
  void get(const std::string& url) {
    auto response = worker.get(url.c_str());
    KJ_ASSERT(response.status == 200, TestWorker::bodyText(response));
  }
  MemoryModuleSource modules;
  TestWorker worker;
};

void BM_SessionSqlInsert(benchmark::State& state) {
  SessionWorker w;
  int base = 0;
  for (auto _: state) {
    w.get("http://x/insert?n=" + std::to_string(ROWS) + "&base=" + std::to_string(base));
    base += ROWS;
  }
  state.SetItemsProcessed(state.iterations() * ROWS);
}
BENCHMARK(BM_SessionSqlInsert)->Unit(benchmark::kMillisecond);

void BM_SessionSqlPointSelect(benchmark::State& state) {
  SessionWorker w;
  w.get("http://x/insert?n=" + std::to_string(ROWS));
  for (auto _: state) w.get("http://x/select?n=" + std::to_string(ROWS));
  state.SetItemsProcessed(state.iterations() * ROWS);
}
BENCHMARK(BM_SessionSqlPointSelect)->Unit(benchmark::kMillisecond);

// The same statements from C++ on raw SQLite: one transaction of ROWS, prepared once.
void rawSqlite(benchmark::State& state, const char* sql, bool fill) {
  auto path = tempDir() + "/raw.sqlite";
  sqlite3* db;
  KJ_ASSERT(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                   "CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)", nullptr, nullptr, nullptr);
  sqlite3_stmt* statement;
  KJ_ASSERT(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
  auto runAll = [&](sqlite3_stmt* s, int base) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (int i = 0; i < ROWS; ++i) {
      sqlite3_bind_int64(s, 1, base + i);
      if (sqlite3_bind_parameter_count(s) > 1) sqlite3_bind_text(s, 2, "value", -1, SQLITE_STATIC);
      while (sqlite3_step(s) == SQLITE_ROW) {}
      sqlite3_reset(s);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  };
  if (fill) {
    sqlite3_stmt* insert;
    sqlite3_prepare_v2(db, "INSERT INTO kv VALUES (?, ?)", -1, &insert, nullptr);
    runAll(insert, 0);
    sqlite3_finalize(insert);
  }
  int base = fill ? 0 : ROWS;
  for (auto _: state) {
    runAll(statement, base);
    if (!fill) base += ROWS;
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * ROWS);
}

void BM_RawSqliteInsert(benchmark::State& state) {
  rawSqlite(state, "INSERT OR REPLACE INTO kv VALUES (?, ?)", false);
}
BENCHMARK(BM_RawSqliteInsert)->Unit(benchmark::kMillisecond);

void BM_RawSqlitePointSelect(benchmark::State& state) {
  rawSqlite(state, "SELECT v FROM kv WHERE k = ?", true);
}
BENCHMARK(BM_RawSqlitePointSelect)->Unit(benchmark::kMillisecond);

// The first request to a session nobody has opened: file, instance, constructor's
// CREATE TABLE, one query, commit.
void BM_SessionColdOpen(benchmark::State& state) {
  SessionWorker w;
  int session = 0;
  for (auto _: state) w.get("http://x/select?n=0&s=cold-" + std::to_string(session++));
}
BENCHMARK(BM_SessionColdOpen)->Unit(benchmark::kMicrosecond);

// One durable commit (one small write) per iteration, as each session event makes.
void BM_DurableCommit(benchmark::State& state) {
  bool fsync = state.range(0) != 0;
  SessionDb db(tempDir() + "/commits.sqlite", DEFAULT_SESSION_MAX_BYTES, fsync);
  db.begin();
  db.exec("CREATE TABLE t (v)", nullptr, [](auto) {});
  db.commit();
  for (auto _: state) {
    db.begin();
    db.exec("INSERT INTO t VALUES (1)", nullptr, [](auto) {});
    db.commit();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(fsync ? "fsync (synchronous=FULL)" : "no fsync (synchronous=NORMAL)");
}
BENCHMARK(BM_DurableCommit)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace shoal

BENCHMARK_MAIN();
