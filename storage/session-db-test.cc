// Session databases on real files: the fence around a session's SQL, the event
// transaction, savepoints, the size cap, and what survives reopening.

#include "storage/session-db.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include <kj/debug.h>

namespace shoal {
namespace {

std::string tempPath(const char* name) {
  const char* base = getenv("TEST_TMPDIR");
  std::string dir = std::string(base ? base : "/tmp") + "/session-db-test-XXXXXX";
  KJ_ASSERT(mkdtemp(dir.data()) != nullptr);
  return dir + "/sessions/worker/" + name + ".sqlite";
}

SqlValue text(kj::StringPtr s) {
  SqlValue v;
  v.type = SqlValue::Type::TEXT;
  v.bytes = s.asBytes();
  return v;
}

SqlValue integer(int64_t i) {
  SqlValue v;
  v.type = SqlValue::Type::INTEGER;
  v.integer = i;
  return v;
}

// The first column of every row, as text.
std::string column(SessionDb& db, kj::StringPtr sql) {
  std::string out;
  db.exec(sql, nullptr, [&](kj::ArrayPtr<const SqlValue> row) {
    if (!out.empty()) out += ",";
    if (row[0].type == SqlValue::Type::INTEGER) {
      out += std::to_string(row[0].integer);
    } else {
      out += std::string(row[0].bytes.asChars().begin(), row[0].bytes.size());
    }
  });
  return out;
}

std::string errorOf(kj::Function<void()> f) {
  KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() { f(); })) return e->getDescription().cStr();
  return "(no error)";
}

TEST(SessionDb, RunsSqlWithParametersAndCountsRows) {
  SessionDb db(tempPath("a"));
  db.begin();
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", nullptr, [](auto) {});
  SqlValue params[] = {integer(1), text("héllo"), integer(2), text("world")};
  auto written = db.exec("INSERT INTO notes VALUES (?, ?), (?, ?)", params, [](auto) {});
  EXPECT_EQ(written.rowsWritten, 2u);
  db.commit();
  std::vector<std::string> columns;
  auto result = db.exec("SELECT id, body FROM notes ORDER BY id", nullptr,
                        [&](kj::ArrayPtr<const SqlValue> row) {
                          columns.push_back(std::string(row[1].bytes.asChars().begin(),
                                                        row[1].bytes.size()));
                        });
  EXPECT_EQ(result.rowsRead, 2u);
  ASSERT_EQ(result.columns.size(), 2u);
  EXPECT_EQ(result.columns[1], "body");
  EXPECT_EQ(columns, (std::vector<std::string>{"héllo", "world"}));
}

TEST(SessionDb, FencesTheSessionIn) {
  SessionDb db(tempPath("fence"));
  db.begin();
  EXPECT_NE(errorOf([&]() { db.exec("ATTACH '/tmp/x.db' AS x", nullptr, [](auto) {}); })
                .find("ATTACH and DETACH are not allowed"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() { db.exec("PRAGMA journal_mode = DELETE", nullptr, [](auto) {}); })
                .find("PRAGMA journal_mode is not allowed"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() { db.exec("PRAGMA synchronous = OFF", nullptr, [](auto) {}); })
                .find("not allowed"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() { db.exec("SELECT * FROM _shoal_kv", nullptr, [](auto) {}); })
                .find("belongs to the platform"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() { db.exec("DROP TABLE _shoal_alarm", nullptr, [](auto) {}); })
                .find("belongs to the platform"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() { db.exec("SELECT load_extension('x')", nullptr, [](auto) {}); })
                .find("not allowed"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() { db.exec("COMMIT", nullptr, [](auto) {}); })
                .find("transactions are managed by the platform"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() { db.exec("SELECT fts3_tokenizer('simple')", nullptr, [](auto) {}); })
                .find("not allowed"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() {
              db.exec("CREATE TEMP TRIGGER t AFTER INSERT ON _shoal_kv BEGIN SELECT 1; END",
                      nullptr, [](auto) {});
            }).find("not allowed"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() { db.exec("CREATE TEMP VIEW _shoal_kv AS SELECT 1", nullptr, [](auto) {}); })
                .find("not allowed"),
            std::string::npos);
  EXPECT_NE(errorOf([&]() { db.exec("CREATE VIRTUAL TABLE v USING fts3(x)", nullptr, [](auto) {}); })
                .find("not allowed"),
            std::string::npos);
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(body)", nullptr, [](auto) {});
  // A runaway query is stopped, and says so.
  EXPECT_NE(errorOf([&]() {
              db.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                      "SELECT count(*) FROM c",
                      nullptr, [](auto) {});
            }).find("cpu_limit_exceeded"),
            std::string::npos);
  // Introspection is fine.
  db.exec("CREATE TABLE t (a)", nullptr, [](auto) {});
  EXPECT_EQ(column(db, "SELECT name FROM pragma_table_info('t')"), "a");
  db.commit();
}

TEST(SessionDb, AStatementThatFailsIsNotLeaked) {
  SessionDb db(tempPath("leak"));
  db.begin();
  db.exec("CREATE TABLE t (v UNIQUE)", nullptr, [](auto) {});
  db.exec("INSERT INTO t VALUES (1)", nullptr, [](auto) {});
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(errorOf([&]() { db.exec("INSERT INTO t VALUES (1)", nullptr, [](auto) {}); })
                  .find("UNIQUE"),
              std::string::npos);
  }
  db.commit();
  EXPECT_EQ(column(db, "SELECT count(*) FROM t"), "1");
}

TEST(SessionDb, RollbackAndSavepointsUndoExactlyTheirWrites) {
  auto path = tempPath("tx");
  SessionDb db(path);
  db.begin();
  db.exec("CREATE TABLE t (v)", nullptr, [](auto) {});
  db.exec("INSERT INTO t VALUES (1)", nullptr, [](auto) {});
  db.savepoint();
  db.exec("INSERT INTO t VALUES (2)", nullptr, [](auto) {});
  db.rollbackToSavepoint();
  db.savepoint();
  db.exec("INSERT INTO t VALUES (3)", nullptr, [](auto) {});
  db.releaseSavepoint();
  db.commit();
  EXPECT_EQ(column(db, "SELECT v FROM t ORDER BY v"), "1,3");

  db.begin();
  db.exec("INSERT INTO t VALUES (4)", nullptr, [](auto) {});
  db.rollback();
  EXPECT_EQ(column(db, "SELECT v FROM t ORDER BY v"), "1,3");
}

TEST(SessionDb, CommittedWritesSurviveReopeningAndUncommittedOnesDoNot) {
  auto path = tempPath("durable");
  {
    SessionDb db(path);
    db.begin();
    db.exec("CREATE TABLE t (v)", nullptr, [](auto) {});
    db.exec("INSERT INTO t VALUES ('kept')", nullptr, [](auto) {});
    db.commit();
    db.begin();
    db.exec("INSERT INTO t VALUES ('lost')", nullptr, [](auto) {});
    // Closed mid-event: as if the process died before the response.
  }
  SessionDb again(path);
  EXPECT_EQ(column(again, "SELECT v FROM t"), "kept");
}

TEST(SessionDb, TheSizeCapIsAClearErrorAndRollsTheEventBack) {
  SessionDb db(tempPath("cap"), 64 * 1024);
  db.begin();
  db.exec("CREATE TABLE big (b BLOB)", nullptr, [](auto) {});
  db.commit();
  db.begin();
  auto error = errorOf([&]() {
    for (int i = 0; i < 100; ++i) {
      db.exec("INSERT INTO big VALUES (zeroblob(4096))", nullptr, [](auto) {});
    }
  });
  EXPECT_NE(error.find("session storage is full"), std::string::npos) << error;
  db.rollback();
  EXPECT_EQ(column(db, "SELECT count(*) FROM big"), "0");
  EXPECT_LE(db.size(), 64u * 1024);
}

TEST(SessionDb, DeleteAllLeavesAnEmptyDatabase) {
  SessionDb db(tempPath("wipe"));
  db.begin();
  db.exec("CREATE TABLE \"odd\"\"name\" (v); CREATE VIEW v AS SELECT 1", nullptr, [](auto) {});
  db.exec("INSERT INTO _shoal_kv VALUES ('k', x'00')", nullptr, [](auto) {}, true);
  db.deleteAll();
  db.commit();
  EXPECT_EQ(column(db, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE '\\_shoal%' "
                       "ESCAPE '\\'"),
            "0");
  std::string kv;
  db.exec("SELECT count(*) FROM _shoal_kv", nullptr,
          [&](kj::ArrayPtr<const SqlValue> row) { kv = std::to_string(row[0].integer); }, true);
  EXPECT_EQ(kv, "0");
}

}  // namespace
}  // namespace shoal
