// Session databases.
//
// Design notes
// ------------
// A session owns one SQLite file. The session's code writes it through `exec` (its own
// tables) and through the platform's key-value and alarm code, which keeps its rows in
// tables named "_shoal_*". The file runs in WAL mode with synchronous=FULL, so a commit
// returns only after its log frames are on disk.
//
// Every event the session handles (a request, an alarm) runs inside one transaction the
// runtime opens with begin() and ends with commit() before anything the event produced
// leaves the instance. transactionSync() nests as a savepoint.
//
// Invariants
//   1. The session's SQL never reaches another database: ATTACH and DETACH are refused,
//      and so is extension loading (never enabled on the handle).
//   2. The session's SQL never reaches the platform's tables ("_shoal_*"), never opens or
//      ends a transaction itself, and runs only PRAGMAs on SAFE_PRAGMAS.
//   3. The file never grows past maxBytes (PRAGMA max_page_count); a write that would is
//      an error, and the event's transaction rolls back whole.
//   4. A commit that fails leaves the transaction rolled back and throws: a write is
//      never reported durable when it is not.

#include "storage/session-db.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include <strings.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include <kj/debug.h>
#include <kj/map.h>

namespace shoal {

namespace {

// PRAGMAs a session may run: schema introspection and harmless per-connection switches.
constexpr const char* SAFE_PRAGMAS[] = {
    "table_info",   "table_xinfo",      "table_list",        "index_info",
    "index_xinfo",  "index_list",       "foreign_key_list",  "foreign_key_check",
    "foreign_keys", "defer_foreign_keys", "case_sensitive_like", "quick_check",
    "integrity_check", "data_version",  "optimize",
};

constexpr kj::StringPtr PLATFORM_PREFIX = "_shoal_"_kj;

// SQL functions a session may not call: extension loading, and fts3_tokenizer, which
// reads and writes raw pointers.
constexpr const char* REFUSED_FUNCTIONS[] = {"load_extension", "fts3_tokenizer"};

// Virtual table modules a session may create (full-text search, spatial index).
constexpr const char* SAFE_VIRTUAL_TABLES[] = {"fts5", "rtree"};

// Bounds on one value and one statement, so no result can exhaust a host.
constexpr int MAX_VALUE_BYTES = 32 << 20;
constexpr int MAX_SQL_BYTES = 1 << 20;

// CPU time one exec() may take inside SQLite before it is interrupted: JavaScript's
// watchdog cannot stop code that is not JavaScript.
constexpr int64_t MAX_EXEC_CPU_NS = 200'000'000;

int64_t threadCpuNs() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

[[noreturn]] void throwUserError(kj::String message) {
  kj::throwFatalException(
      kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__, kj::mv(message)));
}

void makeFolders(kj::StringPtr path) {
  auto text = kj::heapString(path);
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] != '/') continue;
    text[i] = '\0';
    if (mkdir(text.cStr(), 0700) != 0 && errno != EEXIST) {
      KJ_FAIL_REQUIRE("cannot make the session folder", text.cStr(), strerror(errno));
    }
    text[i] = '/';
  }
}

bool isPlatformName(const char* name) {
  return name != nullptr && strncmp(name, PLATFORM_PREFIX.cStr(), PLATFORM_PREFIX.size()) == 0;
}

}  // namespace

class SessionDb::Handle {
 public:
  sqlite3* db = nullptr;
  bool trusted = false;     // the platform's own statement is running
  kj::String refusal;       // why the authorizer said no, for the error message
  int64_t deadlineCpuNs = 0;  // 0: no exec() under way

  static int checkDeadline(void* data) {
    auto& self = *static_cast<Handle*>(data);
    return self.deadlineCpuNs != 0 && threadCpuNs() > self.deadlineCpuNs;
  }

  // Prepared statements of single-statement exec() calls, keyed "T:" or "U:" (trusted
  // or not) plus the SQL: a session runs the same few statements over and over. SQLite
  // re-prepares them itself, asking the authorizer again, when the schema changes.
  kj::HashMap<kj::String, sqlite3_stmt*> statements;

  ~Handle() noexcept(false) {
    for (auto& entry: statements) sqlite3_finalize(entry.value);
    if (db != nullptr) sqlite3_close_v2(db);
  }

  static int authorize(void* data, int action, const char* a, const char* b, const char*,
                       const char* triggerOrView) {
    auto& self = *static_cast<Handle*>(data);
    // Trusted SQL is the platform's own, but a trigger or view it runs into was written
    // by the session: that keeps the session's rules.
    if (self.trusted && triggerOrView == nullptr) return SQLITE_OK;
    auto refuse = [&](kj::String why) {
      self.refusal = kj::mv(why);
      return SQLITE_DENY;
    };
    switch (action) {
      case SQLITE_ATTACH:
      case SQLITE_DETACH:
        return refuse(kj::str("ATTACH and DETACH are not allowed: a session has one database"));
      case SQLITE_TRANSACTION:
      case SQLITE_SAVEPOINT:
        return refuse(kj::str("transactions are managed by the platform: every request is "
                              "one transaction; use ctx.storage.transactionSync() to nest"));
      case SQLITE_PRAGMA:
        for (auto safe: SAFE_PRAGMAS) {
          if (a != nullptr && strcasecmp(a, safe) == 0) return SQLITE_OK;
        }
        return refuse(kj::str("PRAGMA ", a == nullptr ? "" : a, " is not allowed"));
      case SQLITE_FUNCTION:
        for (auto name: REFUSED_FUNCTIONS) {
          if (b != nullptr && strcasecmp(b, name) == 0) {
            return refuse(kj::str("the SQL function ", b, "() is not allowed"));
          }
        }
        return SQLITE_OK;
      case SQLITE_CREATE_VTABLE:
      case SQLITE_DROP_VTABLE:
        for (auto module: SAFE_VIRTUAL_TABLES) {
          if (b != nullptr && strcasecmp(b, module) == 0) return SQLITE_OK;
        }
        return refuse(kj::str("virtual tables of module ", b == nullptr ? "?" : b,
                              " are not allowed"));
      case SQLITE_CREATE_TEMP_INDEX:
      case SQLITE_CREATE_TEMP_TRIGGER:
      case SQLITE_CREATE_TEMP_VIEW:
      case SQLITE_DROP_TEMP_INDEX:
      case SQLITE_DROP_TEMP_TRIGGER:
      case SQLITE_DROP_TEMP_VIEW:
        return refuse(kj::str("TEMP triggers, views and indexes are not allowed"));
      case SQLITE_CREATE_TABLE:
      case SQLITE_CREATE_TEMP_TABLE:
      case SQLITE_DROP_TABLE:
      case SQLITE_DROP_TEMP_TABLE:
      case SQLITE_INSERT:
      case SQLITE_UPDATE:
      case SQLITE_DELETE:
      case SQLITE_READ:
      case SQLITE_CREATE_VIEW:
        if (isPlatformName(a)) return refuse(kj::str("table ", a, " belongs to the platform"));
        return SQLITE_OK;
      case SQLITE_ALTER_TABLE:
      case SQLITE_CREATE_INDEX:
      case SQLITE_CREATE_TRIGGER:
      case SQLITE_DROP_INDEX:
      case SQLITE_DROP_TRIGGER:
        if (isPlatformName(b)) return refuse(kj::str("table ", b, " belongs to the platform"));
        return SQLITE_OK;
      default:
        return SQLITE_OK;
    }
  }
};

SessionDb::SessionDb(kj::StringPtr path, uint64_t maxBytes, bool fsync)
    : path(kj::heapString(path)), maxBytes(maxBytes), db(kj::heap<Handle>()) {
  makeFolders(path);
  int rc = sqlite3_open_v2(path.cStr(), &db->db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    KJ_FAIL_REQUIRE("cannot open the session database", path,
                    db->db == nullptr ? sqlite3_errstr(rc) : sqlite3_errmsg(db->db));
  }
  // Never wait for a lock: the event loop of every isolate on this thread would wait too.
  sqlite3_busy_timeout(db->db, 0);
  sqlite3_set_authorizer(db->db, &Handle::authorize, db.get());
  // Hardening against SQL written to attack SQLite itself.
  sqlite3_db_config(db->db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
  sqlite3_db_config(db->db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(db->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_limit(db->db, SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES);
  sqlite3_limit(db->db, SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES);
  sqlite3_progress_handler(db->db, 1000, &Handle::checkDeadline, db.get());
  run("PRAGMA journal_mode = WAL");
  run(fsync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  run("CREATE TABLE IF NOT EXISTS _shoal_kv (key TEXT PRIMARY KEY, value BLOB NOT NULL) "
      "WITHOUT ROWID");
  run("CREATE TABLE IF NOT EXISTS _shoal_alarm (id INTEGER PRIMARY KEY CHECK (id = 1), "
      "at_ms REAL NOT NULL)");
  int64_t pageSize = 4096;
  exec("PRAGMA page_size", nullptr,
       [&](kj::ArrayPtr<const SqlValue> row) { pageSize = row[0].integer; }, true);
  run(kj::str("PRAGMA max_page_count = ", kj::max<uint64_t>(maxBytes / pageSize, 8)));
}

SessionDb::~SessionDb() noexcept(false) {
  if (depth > 0) {
    // An event that never finished: its writes are not kept.
    KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() { run("ROLLBACK"); })) {}
  }
}

void SessionDb::run(kj::StringPtr sql) { exec(sql, nullptr, [](auto) {}, true); }

namespace {

constexpr size_t STATEMENT_CACHE_SIZE = 64;

bool onlySeparatorsLeft(const char* rest) {
  for (; *rest != '\0'; ++rest) {
    if (!isspace(static_cast<unsigned char>(*rest)) && *rest != ';') return false;
  }
  return true;
}

}  // namespace

SqlResult SessionDb::exec(kj::StringPtr sql, kj::ArrayPtr<const SqlValue> params,
                          kj::FunctionParam<void(kj::ArrayPtr<const SqlValue>)> onRow,
                          bool trusted) {
  SqlResult result;
  db->trusted = trusted;
  db->deadlineCpuNs = threadCpuNs() + MAX_EXEC_CPU_NS;
  KJ_DEFER({
    db->trusted = false;
    db->deadlineCpuNs = 0;
  });
  size_t nextParam = 0;

  auto cacheKey = kj::str(trusted ? "T:" : "U:", sql);
  KJ_IF_MAYBE(statement, db->statements.find(cacheKey)) {
    KJ_DEFER({
      sqlite3_reset(*statement);
      sqlite3_clear_bindings(*statement);
    });
    runStatement(*statement, true, params, nextParam, onRow, result);
    return result;
  }

  const char* rest = sql.cStr();
  for (bool first = true; *rest != '\0'; first = false) {
    sqlite3_stmt* statement = nullptr;
    db->refusal = nullptr;
    int rc = sqlite3_prepare_v2(db->db, rest, -1, &statement, &rest);
    if (rc != SQLITE_OK) {
      if (db->refusal != nullptr) throwUserError(kj::mv(db->refusal));
      throwUserError(kj::str("SQL error: ", sqlite3_errmsg(db->db)));
    }
    if (statement == nullptr) continue;  // only whitespace or a comment was left
    bool last = onlySeparatorsLeft(rest);
    bool keep = first && last && db->statements.size() < STATEMENT_CACHE_SIZE;
    KJ_DEFER({
      if (keep) {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
      } else {
        sqlite3_finalize(statement);
      }
    });
    // Cached before it runs, so that a statement failing now is still finalized later.
    if (keep) db->statements.insert(kj::mv(cacheKey), statement);
    runStatement(statement, last, params, nextParam, onRow, result);
    if (last) break;
  }
  return result;
}

void SessionDb::runStatement(sqlite3_stmt* statement, bool last,
                             kj::ArrayPtr<const SqlValue> params, size_t& nextParam,
                             kj::FunctionParam<void(kj::ArrayPtr<const SqlValue>)>& onRow,
                             SqlResult& result) {
  int wanted = sqlite3_bind_parameter_count(statement);
  if (nextParam + wanted > params.size()) {
    throwUserError(kj::str("SQL error: the statement has ", wanted, " parameters but ",
                           params.size() - nextParam, " values were given"));
  }
  for (int i = 1; i <= wanted; ++i) {
    auto& value = params[nextParam++];
    switch (value.type) {
      case SqlValue::Type::NULL_: sqlite3_bind_null(statement, i); break;
      case SqlValue::Type::INTEGER: sqlite3_bind_int64(statement, i, value.integer); break;
      case SqlValue::Type::REAL: sqlite3_bind_double(statement, i, value.real); break;
      case SqlValue::Type::TEXT:
        sqlite3_bind_text(statement, i, reinterpret_cast<const char*>(value.bytes.begin()),
                          value.bytes.size(), SQLITE_STATIC);
        break;
      case SqlValue::Type::BLOB:
        sqlite3_bind_blob(statement, i, value.bytes.begin(), value.bytes.size(), SQLITE_STATIC);
        break;
    }
  }

  int columns = sqlite3_column_count(statement);
  if (last) {
    result.columns.clear();
    for (int c = 0; c < columns; ++c) result.columns.add(kj::str(sqlite3_column_name(statement, c)));
  }
  kj::Vector<SqlValue> row(columns);
  for (;;) {
    int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      if (rc == SQLITE_FULL) {
        throwUserError(kj::str("session storage is full: a session's database may not grow "
                               "past ", maxBytes, " bytes"));
      }
      if (rc == SQLITE_INTERRUPT) {
        throwUserError(kj::str("cpu_limit_exceeded: the SQL query ran longer than ",
                               MAX_EXEC_CPU_NS / 1'000'000, " ms of CPU time"));
      }
      if (rc == SQLITE_BUSY) {
        throwUserError(kj::str("the session's database is in use by another instance; try "
                               "again"));
      }
      if (db->refusal != nullptr) throwUserError(kj::mv(db->refusal));
      throwUserError(kj::str("SQL error: ", sqlite3_errmsg(db->db)));
    }
    ++result.rowsRead;
    if (!last) continue;
    row.clear();
    for (int c = 0; c < columns; ++c) {
      SqlValue value;
      switch (sqlite3_column_type(statement, c)) {
        case SQLITE_INTEGER:
          value.type = SqlValue::Type::INTEGER;
          value.integer = sqlite3_column_int64(statement, c);
          break;
        case SQLITE_FLOAT:
          value.type = SqlValue::Type::REAL;
          value.real = sqlite3_column_double(statement, c);
          break;
        case SQLITE_TEXT: {
          value.type = SqlValue::Type::TEXT;
          auto text = sqlite3_column_text(statement, c);
          value.bytes = kj::arrayPtr(text, sqlite3_column_bytes(statement, c));
          break;
        }
        case SQLITE_BLOB: {
          value.type = SqlValue::Type::BLOB;
          auto blob = static_cast<const kj::byte*>(sqlite3_column_blob(statement, c));
          value.bytes = kj::arrayPtr(blob, sqlite3_column_bytes(statement, c));
          break;
        }
        default:
          break;
      }
      row.add(value);
    }
    onRow(row.asPtr());
  }
  if (!sqlite3_stmt_readonly(statement)) result.rowsWritten += sqlite3_changes(db->db);
}

void SessionDb::begin() {
  KJ_REQUIRE(depth == 0, "an event transaction is already open");
  run("BEGIN IMMEDIATE");
  depth = 1;
}

void SessionDb::commit() {
  KJ_REQUIRE(depth == 1, "commit outside the event transaction");
  depth = 0;
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() { run("COMMIT"); })) {
    // Invariant 4: a failed COMMIT may leave the transaction open; end it.
    if (!sqlite3_get_autocommit(db->db)) {
      KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() { run("ROLLBACK"); })) {}
    }
    kj::throwFatalException(kj::mv(*exception));
  }
}

void SessionDb::rollback() {
  KJ_REQUIRE(depth >= 1, "rollback outside the event transaction");
  depth = 0;
  if (!sqlite3_get_autocommit(db->db)) run("ROLLBACK");
}

void SessionDb::savepoint() {
  KJ_REQUIRE(depth >= 1, "transactionSync() runs inside an event");
  run(kj::str("SAVEPOINT sp", depth));
  ++depth;
}

void SessionDb::releaseSavepoint() {
  KJ_REQUIRE(depth >= 2, "no savepoint to release");
  --depth;
  run(kj::str("RELEASE sp", depth));
}

void SessionDb::rollbackToSavepoint() {
  KJ_REQUIRE(depth >= 2, "no savepoint to roll back");
  --depth;
  run(kj::str("ROLLBACK TO sp", depth));
  run(kj::str("RELEASE sp", depth));
}

uint64_t SessionDb::size() {
  int64_t pages = 0, pageSize = 0;
  exec("PRAGMA page_count", nullptr,
       [&](kj::ArrayPtr<const SqlValue> row) { pages = row[0].integer; }, true);
  exec("PRAGMA page_size", nullptr,
       [&](kj::ArrayPtr<const SqlValue> row) { pageSize = row[0].integer; }, true);
  return pages * pageSize;
}

void SessionDb::deleteAll() {
  kj::Vector<kj::String> drops;
  exec("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
       "AND name NOT LIKE '\\_shoal\\_%' ESCAPE '\\' AND type IN ('table', 'view', 'trigger')",
       nullptr,
       [&](kj::ArrayPtr<const SqlValue> row) {
         auto type = kj::heapString(row[0].bytes.asChars());
         auto name = kj::heapString(row[1].bytes.asChars());
         for (auto& c: type) c = toupper(c);
         // Quote the name: it is the session's own, and may be anything.
         kj::Vector<char> quoted;
         quoted.add('"');
         for (char c: name) {
           if (c == '"') quoted.add('"');
           quoted.add(c);
         }
         quoted.add('"');
         quoted.add('\0');
         drops.add(kj::str("DROP ", type, " IF EXISTS ", quoted.begin()));
       },
       true);
  for (auto& drop: drops) run(drop);
  run("DELETE FROM _shoal_kv");
  run("DELETE FROM _shoal_alarm");
}

}  // namespace shoal
