// One session's durable state: a SQLite file (DATA/sessions/WORKER/ID.sqlite) that the
// session's code reads and writes with SQL and a key-value API. Design notes and
// invariants are at the top of session-db.cc.
#pragma once

#include <cstdint>

#include <kj/array.h>
#include <kj/function.h>
#include <kj/memory.h>
#include <kj/string.h>
#include <kj/vector.h>

struct sqlite3_stmt;

namespace shoal {

// The default cap on one session's database; past it writes fail with a clear error.
constexpr uint64_t DEFAULT_SESSION_MAX_BYTES = 1ull << 30;

// One SQL value, as SQLite has them. Text and blob point into memory owned by whoever
// made the value (for results: valid only during the row callback).
struct SqlValue {
  enum class Type { NULL_, INTEGER, REAL, TEXT, BLOB };
  Type type = Type::NULL_;
  int64_t integer = 0;
  double real = 0;
  kj::ArrayPtr<const kj::byte> bytes;  // TEXT (UTF-8, no NUL) or BLOB
};

struct SqlResult {
  kj::Vector<kj::String> columns;  // of the last statement
  uint64_t rowsRead = 0;
  uint64_t rowsWritten = 0;
};

// Errors: a mistake in the session's SQL, a refused statement (ATTACH, a PRAGMA off the
// safe list, the platform's tables, BEGIN/COMMIT) and the size cap throw a kj::Exception
// of type FAILED whose description is the message for the user. Trouble with the file
// throws naming it.
//
// Thread affinity: one thread at a time.
class SessionDb {
 public:
  // Opens (creating it and its folder if needed) the database at `path`. `fsync` false
  // trades durability on power loss for speed (benchmarks; never the platform's default).
  SessionDb(kj::StringPtr path, uint64_t maxBytes = DEFAULT_SESSION_MAX_BYTES,
            bool fsync = true);
  ~SessionDb() noexcept(false);
  KJ_DISALLOW_COPY(SessionDb);

  // Runs `sql` (one or more statements separated by ';') with `params` bound to the
  // last statement's `?`s, calling `onRow` for each row of the last statement. Only a
  // `trusted` caller (the platform's own key-value and alarm code) reaches tables whose
  // names start with "_shoal_".
  SqlResult exec(kj::StringPtr sql, kj::ArrayPtr<const SqlValue> params,
                 kj::FunctionParam<void(kj::ArrayPtr<const SqlValue>)> onRow,
                 bool trusted = false);

  // The event transaction: every write between begin() and commit() lands atomically,
  // and commit() returns only once it is on disk (fsync). rollback() undoes them.
  void begin();
  void commit();
  void rollback();
  bool inTransaction() const { return depth > 0; }

  // Nested all-or-nothing sections inside the event transaction (transactionSync).
  void savepoint();
  void releaseSavepoint();
  void rollbackToSavepoint();

  // Bytes the database file takes (pages in use times page size).
  uint64_t size();

  // Drops every table, index, view and trigger, and the stored key-values and alarm.
  void deleteAll();

  kj::StringPtr getPath() const { return path; }

 private:
  class Handle;
  kj::String path;
  uint64_t maxBytes;
  kj::Own<Handle> db;
  unsigned depth = 0;  // 0: no transaction; 1: the event's; more: savepoints
  unsigned nextSavepoint = 0;

  void run(kj::StringPtr sql);  // trusted, no results
  void runStatement(sqlite3_stmt* statement, bool last,
                    kj::ArrayPtr<const SqlValue> params, size_t& nextParam,
                    kj::FunctionParam<void(kj::ArrayPtr<const SqlValue>)>& onRow,
                    SqlResult& result);
};

}  // namespace shoal
