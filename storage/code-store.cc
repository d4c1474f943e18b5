// The code store: one SQLite file, DATA/control.sqlite, written by the front end.
//
// DESIGN NOTES
//
// The file holds who may deploy (tenants, tokens) and what is deployed (workers, versions).
// It changes only on control API calls, so it is tuned for durability, not write speed:
// WAL with synchronous=FULL makes a commit durable before the call returns, and every call
// that changes more than one row does so in one BEGIN IMMEDIATE transaction. Reads that
// span several statements (a version and its modules) run in one read transaction, so they
// see one snapshot even while another process writes.
//
// Schema (version 4, kept in PRAGMA user_version; PRAGMA application_id marks the file as
// ours so that we never migrate some other program's database):
//
//   tenants          (id, name UNIQUE, created_at_ms)
//   tokens           (sha256 PK, tenant_id -> tenants or NULL for admin, label, created_at_ms)
//   workers          (id, name UNIQUE, tenant_id -> tenants, live_version, created_at_ms)
//                    (id, live_version) -> versions, deferred: the live version must exist
//   versions         (worker_id -> workers ON DELETE CASCADE, number, created_at_ms,
//                     deployed_by, main_module, compatibility_date)   PK (worker_id, number)
//   modules          (worker_id, number -> versions ON DELETE CASCADE, path, source)
//                    PK (worker_id, number, path)
//   vars             (worker_id, number -> versions ON DELETE CASCADE, name, value, secret)
//                    PK (worker_id, number, name)
//   version_counters (worker_name PK, last_number): outlives its worker, see (3)
//   session_bindings (worker_id, number -> versions ON DELETE CASCADE, binding, class_name)
//                    PK (worker_id, number, binding); added by migration 2
//   versions also has cpu_ms and memory_mib (0: the platform's default), migration 3
//   outbound_allow   (worker_id, number -> versions ON DELETE CASCADE, position, entry)
//                    PK (worker_id, number, position); added by migration 4
//   service_bindings (worker_id, number -> versions ON DELETE CASCADE, binding, service)
//                    PK (worker_id, number, binding); migration 4
//   cron_triggers    (worker_id, number -> versions ON DELETE CASCADE, position, cron)
//                    PK (worker_id, number, position); migration 4
//   versions also has subrequests (0: the platform's default), migration 4
//   versions also has wall_ms, startup_cpu_ms, timers, console_kib and concurrency (0: the
//   platform's default), migration 5
//   loader_bindings  (worker_id, number -> versions ON DELETE CASCADE, binding)
//                    PK (worker_id, number, binding); migration 6
//
// A version's public id is "v" + number. Modules and vars have tables of their own, not a
// JSON blob, so that a duplicate path is a constraint violation and sources stay text.
//
// Lifecycle of a worker name:
//
//   (free) --addVersion--> (live vN) --addVersion--> (live vN+1)
//                              |   ^----setLiveVersion----'
//                              '--deleteWorker--> (free; counter kept)
//
// INVARIANTS (the ones marked [db] are enforced by the schema itself, by constraints and
// triggers, so a bug here fails a statement instead of corrupting the store):
//
//   1. A version never changes once written: no UPDATE of versions, modules or vars, and
//      no DELETE of them while their worker exists. [db]
//   2. Every worker has exactly one live version, and it is one of its own. [db]
//   3. A version number is never reused for a worker name, not even after the worker is
//      deleted and the name taken again: (name, id) names one bundle forever, so caches
//      keyed by it (isolates, code caches) can never serve stale code.
//   4. A worker belongs to one tenant for its whole life; its tenant_id never changes. [db]
//   5. A version's main module is one of its modules; module paths are normalized
//      relative paths ("lib/util.js").
//   6. Token text is never stored, logged or put in an exception; only its SHA-256 is
//      kept, and a token is found by looking its hash up.
//   7. Every change of more than one row happens in one transaction; a failure anywhere
//      in it (including a constraint violation midway) leaves the file as it was.
//   8. A file is migrated only if it is empty or carries our application_id, and never
//      downgraded: a newer schema version is refused.

#include "storage/code-store.h"

#include <kj/debug.h>
#include <kj/encoding.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace shoal {

namespace {

// How long a statement waits for another connection's lock before failing with OVERLOADED.
constexpr int BUSY_TIMEOUT_MS = 5000;

constexpr int32_t APPLICATION_ID = 0x73686f6c;  // "shol"

constexpr size_t MAX_NAME_LENGTH = 63;  // a DNS label
constexpr size_t TOKEN_RANDOM_BYTES = 32;
constexpr kj::StringPtr TOKEN_PREFIX = "shoal_"_kj;

// MIGRATIONS[i] takes the schema from user_version i to i + 1. Append; never edit one that
// has shipped.
const char* const MIGRATIONS[] = {
    R"sql(
CREATE TABLE tenants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at_ms INTEGER NOT NULL
);

CREATE TABLE tokens (
  sha256 TEXT PRIMARY KEY,                     -- hex SHA-256 of the token text
  tenant_id INTEGER REFERENCES tenants (id),   -- NULL: admin
  label TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);

CREATE TABLE workers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  live_version INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  FOREIGN KEY (id, live_version) REFERENCES versions (worker_id, number)
    DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX workers_by_tenant ON workers (tenant_id);

CREATE TABLE versions (
  worker_id INTEGER NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number > 0),
  created_at_ms INTEGER NOT NULL,
  deployed_by TEXT NOT NULL,
  main_module TEXT NOT NULL,
  compatibility_date TEXT NOT NULL,
  PRIMARY KEY (worker_id, number)
);

CREATE TABLE modules (
  worker_id INTEGER NOT NULL,
  number INTEGER NOT NULL,
  path TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (worker_id, number, path),
  FOREIGN KEY (worker_id, number) REFERENCES versions (worker_id, number) ON DELETE CASCADE
);

CREATE TABLE vars (
  worker_id INTEGER NOT NULL,
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  secret INTEGER NOT NULL CHECK (secret IN (0, 1)),
  PRIMARY KEY (worker_id, number, name),
  FOREIGN KEY (worker_id, number) REFERENCES versions (worker_id, number) ON DELETE CASCADE
);

CREATE TABLE version_counters (
  worker_name TEXT PRIMARY KEY,
  last_number INTEGER NOT NULL
);

-- Invariant 1. Cascading deletes run after their worker row is gone, so they pass.
CREATE TRIGGER versions_immutable BEFORE UPDATE ON versions
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER modules_immutable BEFORE UPDATE ON modules
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER vars_immutable BEFORE UPDATE ON vars
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER versions_kept BEFORE DELETE ON versions
  WHEN EXISTS (SELECT 1 FROM workers WHERE id = OLD.worker_id)
  BEGIN SELECT RAISE(ABORT, 'versions are deleted only with their worker'); END;
CREATE TRIGGER modules_kept BEFORE DELETE ON modules
  WHEN EXISTS (SELECT 1 FROM workers WHERE id = OLD.worker_id)
  BEGIN SELECT RAISE(ABORT, 'versions are deleted only with their worker'); END;
CREATE TRIGGER vars_kept BEFORE DELETE ON vars
  WHEN EXISTS (SELECT 1 FROM workers WHERE id = OLD.worker_id)
  BEGIN SELECT RAISE(ABORT, 'versions are deleted only with their worker'); END;

-- Invariant 4.
CREATE TRIGGER workers_keep_tenant BEFORE UPDATE OF tenant_id ON workers
  WHEN NEW.tenant_id IS NOT OLD.tenant_id
  BEGIN SELECT RAISE(ABORT, 'a worker never changes tenant'); END;
)sql",
    R"sql(
CREATE TABLE session_bindings (
  worker_id INTEGER NOT NULL,
  number INTEGER NOT NULL,
  binding TEXT NOT NULL,
  class_name TEXT NOT NULL,
  PRIMARY KEY (worker_id, number, binding),
  FOREIGN KEY (worker_id, number) REFERENCES versions (worker_id, number) ON DELETE CASCADE
);
CREATE TRIGGER session_bindings_immutable BEFORE UPDATE ON session_bindings
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER session_bindings_kept BEFORE DELETE ON session_bindings
  WHEN EXISTS (SELECT 1 FROM workers WHERE id = OLD.worker_id)
  BEGIN SELECT RAISE(ABORT, 'versions are deleted only with their worker'); END;
)sql",
    R"sql(
ALTER TABLE versions ADD COLUMN cpu_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN memory_mib INTEGER NOT NULL DEFAULT 0;
)sql",
    R"sql(
CREATE TABLE outbound_allow (
  worker_id INTEGER NOT NULL,
  number INTEGER NOT NULL,
  position INTEGER NOT NULL,
  entry TEXT NOT NULL,
  PRIMARY KEY (worker_id, number, position),
  FOREIGN KEY (worker_id, number) REFERENCES versions (worker_id, number) ON DELETE CASCADE
);
CREATE TABLE service_bindings (
  worker_id INTEGER NOT NULL,
  number INTEGER NOT NULL,
  binding TEXT NOT NULL,
  service TEXT NOT NULL,
  PRIMARY KEY (worker_id, number, binding),
  FOREIGN KEY (worker_id, number) REFERENCES versions (worker_id, number) ON DELETE CASCADE
);
CREATE TABLE cron_triggers (
  worker_id INTEGER NOT NULL,
  number INTEGER NOT NULL,
  position INTEGER NOT NULL,
  cron TEXT NOT NULL,
  PRIMARY KEY (worker_id, number, position),
  FOREIGN KEY (worker_id, number) REFERENCES versions (worker_id, number) ON DELETE CASCADE
);
ALTER TABLE versions ADD COLUMN subrequests INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER cron_triggers_immutable BEFORE UPDATE ON cron_triggers
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER cron_triggers_kept BEFORE DELETE ON cron_triggers
  WHEN EXISTS (SELECT 1 FROM workers WHERE id = OLD.worker_id)
  BEGIN SELECT RAISE(ABORT, 'versions are deleted only with their worker'); END;
CREATE TRIGGER outbound_allow_immutable BEFORE UPDATE ON outbound_allow
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER outbound_allow_kept BEFORE DELETE ON outbound_allow
  WHEN EXISTS (SELECT 1 FROM workers WHERE id = OLD.worker_id)
  BEGIN SELECT RAISE(ABORT, 'versions are deleted only with their worker'); END;
CREATE TRIGGER service_bindings_immutable BEFORE UPDATE ON service_bindings
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER service_bindings_kept BEFORE DELETE ON service_bindings
  WHEN EXISTS (SELECT 1 FROM workers WHERE id = OLD.worker_id)
  BEGIN SELECT RAISE(ABORT, 'versions are deleted only with their worker'); END;
)sql",
    R"sql(
ALTER TABLE versions ADD COLUMN wall_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN startup_cpu_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN timers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN console_kib INTEGER NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN concurrency INTEGER NOT NULL DEFAULT 0;
)sql",
    R"sql(
CREATE TABLE loader_bindings (
  worker_id INTEGER NOT NULL,
  number INTEGER NOT NULL,
  binding TEXT NOT NULL,
  PRIMARY KEY (worker_id, number, binding),
  FOREIGN KEY (worker_id, number) REFERENCES versions (worker_id, number) ON DELETE CASCADE
);
CREATE TRIGGER loader_bindings_immutable BEFORE UPDATE ON loader_bindings
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER loader_bindings_kept BEFORE DELETE ON loader_bindings
  WHEN EXISTS (SELECT 1 FROM workers WHERE id = OLD.worker_id)
  BEGIN SELECT RAISE(ABORT, 'versions are deleted only with their worker'); END;
)sql",
};
constexpr int64_t SCHEMA_VERSION = kj::size(MIGRATIONS);

// A caller's mistake: the description is the whole message, for the user.
[[noreturn]] void throwUserError(kj::String message) {
  kj::throwFatalException(
      kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__, kj::mv(message)));
}

// A connection, not owned: the handle and the file name every error message carries.
class Db {
 public:
  Db(sqlite3* handle, kj::StringPtr path) : handle(handle), path(path) {}

  sqlite3* handle;
  kj::StringPtr path;

  // Throws for result code `rc` of the last call on `handle`; `doing` says what we tried.
  [[noreturn]] void fail(int rc, kj::StringPtr doing) const {
    int primary = rc & 0xff;
    auto type = primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? kj::Exception::Type::OVERLOADED
                                                                   : kj::Exception::Type::FAILED;
    kj::StringPtr detail = handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    kj::String message;
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
      message = kj::str(path, ": not a readable shoal code store (", detail,
                        "); move it aside and restore a backup");
    } else {
      message = kj::str(path, ": ", detail, " (while ", doing, ")");
    }
    kj::throwFatalException(kj::Exception(type, __FILE__, __LINE__, kj::mv(message)));
  }

  // Runs statements that take no parameters, discarding any rows. `doing` names them in an
  // error message; by default the SQL itself.
  void exec(kj::StringPtr sql, kj::StringPtr doing = nullptr) const {
    int rc = sqlite3_exec(handle, sql.cStr(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, doing == nullptr ? sql : doing);
  }

  int64_t lastInsertRowid() const { return sqlite3_last_insert_rowid(handle); }
  int64_t changes() const { return sqlite3_changes64(handle); }
};

// One prepared statement, finalized when it goes out of scope. Parameters bind in order.
class Statement {
 public:
  template <typename... Params>
  Statement(const Db& db, kj::StringPtr sql, Params&&... params) : db(db), sql(sql) {
    int rc = sqlite3_prepare_v2(db.handle, sql.cStr(), sql.size() + 1, &stmt, nullptr);
    if (rc != SQLITE_OK) db.fail(rc, sql);
    int index = 1;
    (bind(index++, kj::fwd<Params>(params)), ...);
  }
  ~Statement() noexcept { sqlite3_finalize(stmt); }
  KJ_DISALLOW_COPY(Statement);

  // Steps once: true if there is a row to read.
  bool next() {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db.fail(rc, sql);
  }

  // Runs a statement that returns no rows.
  void run() { KJ_ASSERT(!next(), "statement returned rows", sql); }

  // Like run(), but returns false instead of throwing if a UNIQUE or PRIMARY KEY
  // constraint refused the row. Other failures still throw.
  bool tryRun() {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return true;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return false;
    KJ_ASSERT(rc != SQLITE_ROW, "statement returned rows", sql);
    db.fail(rc, sql);
  }

  int64_t integer(int column) { return sqlite3_column_int64(stmt, column); }
  bool isNull(int column) { return sqlite3_column_type(stmt, column) == SQLITE_NULL; }
  kj::String text(int column) {
    auto bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    if (bytes == nullptr) return kj::str("");
    return kj::heapString(bytes, sqlite3_column_bytes(stmt, column));
  }

 private:
  const Db& db;
  kj::StringPtr sql;
  sqlite3_stmt* stmt = nullptr;

  void check(int rc) {
    if (rc != SQLITE_OK) db.fail(rc, sql);
  }
  void bind(int index, int64_t value) { check(sqlite3_bind_int64(stmt, index, value)); }
  void bind(int index, int value) { bind(index, int64_t(value)); }
  void bind(int index, bool value) { bind(index, int64_t(value ? 1 : 0)); }
  void bind(int index, decltype(nullptr)) { check(sqlite3_bind_null(stmt, index)); }
  void bind(int index, kj::Maybe<int64_t> value) {
    KJ_IF_MAYBE (v, value) {
      bind(index, *v);
    } else {
      bind(index, nullptr);
    }
  }
  void bind(int index, kj::StringPtr value) {
    // TRANSIENT: SQLite copies, so a temporary argument may die before the step.
    check(sqlite3_bind_text64(stmt, index, value.begin(), value.size(), SQLITE_TRANSIENT,
                              SQLITE_UTF8));
  }
  void bind(int index, const kj::String& value) { bind(index, value.asPtr()); }
  void bind(int index, const char* value) { bind(index, kj::StringPtr(value)); }
};

// BEGIN ... COMMIT; rolled back if commit() is not reached (which is how a READ one ends).
class Transaction {
 public:
  enum Mode {
    READ,  // one snapshot for several reads
    WRITE  // takes the write lock up front, so it never fails to upgrade halfway
  };

  Transaction(const Db& db, Mode mode) : db(db) {
    db.exec(mode == WRITE ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  ~Transaction() noexcept {
    if (committed || sqlite3_get_autocommit(db.handle)) return;
    int rc = sqlite3_exec(db.handle, "ROLLBACK", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      KJ_LOG(ERROR, "rollback failed", db.path, sqlite3_errmsg(db.handle));
    }
  }
  KJ_DISALLOW_COPY(Transaction);

  void commit() {
    db.exec("COMMIT");
    committed = true;
  }

 private:
  const Db& db;
  bool committed = false;
};

bool isValidName(kj::StringPtr name) {
  if (name.size() == 0 || name.size() > MAX_NAME_LENGTH) return false;
  if (name[0] == '-' || name[name.size() - 1] == '-') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

void requireValidName(kj::StringPtr kind, kj::StringPtr name) {
  if (isValidName(name)) return;
  // A name too long to be valid is not echoed back whole.
  auto shown = name.size() > MAX_NAME_LENGTH ? kj::str("of ", name.size(), " characters")
                                             : kj::str("\"", name, "\"");
  throwUserError(kj::str(kind, " name ", shown, " is invalid: use 1 to ", MAX_NAME_LENGTH,
                         " lowercase letters, digits and '-', not starting or ending with '-'"));
}

// "lib/util.js": no leading '/', no empty, "." or ".." segment, no NUL.
bool isNormalizedPath(kj::StringPtr path) {
  if (path.size() == 0 || path.size() != strlen(path.cStr())) return false;
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); i++) {
    if (i < path.size() && path[i] != '/') continue;
    auto segment = path.slice(start, i);
    bool dots = segment == "."_kj.asArray() || segment == ".."_kj.asArray();
    if (segment.size() == 0 || dots) return false;
    start = i + 1;
  }
  return true;
}

bool isDate(kj::StringPtr date) {
  if (date.size() != 10) return false;
  for (size_t i = 0; i < date.size(); i++) {
    bool dash = i == 4 || i == 7;
    if (dash ? date[i] != '-' : !(date[i] >= '0' && date[i] <= '9')) return false;
  }
  return true;
}

kj::String versionId(int64_t number) { return kj::str("v", number); }

// "v12" -> 12; nullptr for anything else ("v0", "v012", "12", "v").
kj::Maybe<int64_t> parseVersionId(kj::StringPtr id) {
  if (id.size() < 2 || id.size() > 19 || id[0] != 'v' || id[1] == '0') return nullptr;
  int64_t number = 0;
  for (char c : id.slice(1)) {
    if (c < '0' || c > '9') return nullptr;
    number = number * 10 + (c - '0');
  }
  return number;
}

kj::String sha256Hex(kj::StringPtr text) {
  kj::byte digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  KJ_ASSERT(EVP_Digest(text.begin(), text.size(), digest, &size, EVP_sha256(), nullptr) == 1,
            "SHA-256 failed");
  return kj::encodeHex(kj::arrayPtr(digest, size));
}

kj::String randomToken() {
  kj::byte bytes[TOKEN_RANDOM_BYTES];
  size_t filled = 0;
  while (filled < sizeof(bytes)) {
    ssize_t n;
    KJ_SYSCALL(n = getrandom(bytes + filled, sizeof(bytes) - filled, 0));
    filled += n;
  }
  return kj::str(TOKEN_PREFIX, kj::encodeHex(kj::arrayPtr(bytes, sizeof(bytes))));
}

void requireTenant(const Db& db, int64_t tenantId) {
  Statement query(db, "SELECT 1 FROM tenants WHERE id = ?", tenantId);
  if (!query.next()) throwUserError(kj::str("no tenant with id ", tenantId));
}

// The worker's version `number`, or its live version if `number` is nullptr. Call inside a
// transaction: it reads three tables.
kj::Maybe<Version> readVersion(const Db& db, kj::StringPtr worker, kj::Maybe<int64_t> number) {
  Statement head(db,
                 "SELECT w.id, w.tenant_id, v.number, v.created_at_ms, v.deployed_by, "
                 "v.main_module, v.compatibility_date, v.cpu_ms, v.memory_mib, v.subrequests, "
                 "v.wall_ms, v.startup_cpu_ms, v.timers, v.console_kib, v.concurrency "
                 "FROM workers w "
                 "JOIN versions v ON v.worker_id = w.id "
                 "WHERE w.name = ?1 AND v.number = coalesce(?2, w.live_version)",
                 worker, number);
  if (!head.next()) return nullptr;
  int64_t workerId = head.integer(0);
  int64_t found = head.integer(2);
  Version version;
  version.id = versionId(found);
  version.worker = kj::str(worker);
  version.tenantId = head.integer(1);
  version.createdAtMs = head.integer(3);
  version.deployedBy = head.text(4);
  version.mainModule = head.text(5);
  version.compatibilityDate = head.text(6);
  version.limits.cpuMs = head.integer(7);
  version.limits.memoryMib = head.integer(8);
  version.limits.subrequests = head.integer(9);
  version.limits.wallMs = head.integer(10);
  version.limits.startupCpuMs = head.integer(11);
  version.limits.timers = head.integer(12);
  version.limits.consoleKib = head.integer(13);
  version.limits.concurrency = head.integer(14);

  Statement modules(db,
                    "SELECT path, source FROM modules WHERE worker_id = ? AND number = ? "
                    "ORDER BY path",
                    workerId, found);
  while (modules.next()) version.modules.add(ModuleFile{modules.text(0), modules.text(1)});

  Statement vars(db,
                 "SELECT name, value, secret FROM vars WHERE worker_id = ? AND number = ? "
                 "ORDER BY name",
                 workerId, found);
  while (vars.next()) {
    version.vars.add(VarBinding{vars.text(0), vars.text(1), vars.integer(2) != 0});
  }

  Statement sessions(db,
                     "SELECT binding, class_name FROM session_bindings "
                     "WHERE worker_id = ? AND number = ? ORDER BY binding",
                     workerId, found);
  while (sessions.next()) {
    version.sessions.add(SessionClassBinding{sessions.text(0), sessions.text(1)});
  }

  Statement allow(db,
                  "SELECT entry FROM outbound_allow WHERE worker_id = ? AND number = ? "
                  "ORDER BY position",
                  workerId, found);
  while (allow.next()) version.outboundAllow.add(allow.text(0));

  Statement services(db,
                     "SELECT binding, service FROM service_bindings "
                     "WHERE worker_id = ? AND number = ? ORDER BY binding",
                     workerId, found);
  while (services.next()) {
    version.services.add(ServiceBinding{services.text(0), services.text(1)});
  }

  Statement loaders(db,
                    "SELECT binding FROM loader_bindings WHERE worker_id = ? AND number = ? "
                    "ORDER BY binding",
                    workerId, found);
  while (loaders.next()) version.loaders.add(loaders.text(0));

  Statement crons(db,
                  "SELECT cron FROM cron_triggers WHERE worker_id = ? AND number = ? "
                  "ORDER BY position",
                  workerId, found);
  while (crons.next()) version.crons.add(crons.text(0));
  return kj::mv(version);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Opening

class CodeStore::Database : public Db {
 public:
  explicit Database(kj::StringPtr path) : Db(nullptr, path) {
    int rc = sqlite3_open_v2(path.cStr(), &handle,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE,
                             nullptr);
    if (rc != SQLITE_OK) {
      // Even a failed open may allocate a handle, which carries the message.
      KJ_DEFER(sqlite3_close_v2(handle); handle = nullptr);
      fail(rc, "opening the database");
    }
    KJ_ON_SCOPE_FAILURE(sqlite3_close_v2(handle); handle = nullptr);

    sqlite3_busy_timeout(handle, BUSY_TIMEOUT_MS);
    // The first statement to read the file: garbage shows up here as SQLITE_NOTADB.
    {
      Statement wal(*this, "PRAGMA journal_mode=WAL");
      if (!wal.next() || wal.text(0) != "wal") {
        // Still correct, only slower for concurrent readers: say so and go on.
        KJ_LOG(WARNING, "code store cannot use WAL; using a rollback journal", path);
      }
    }
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
    migrate();
  }

  ~Database() noexcept {
    if (handle != nullptr) sqlite3_close_v2(handle);
  }
  KJ_DISALLOW_COPY(Database);

 private:
  int64_t pragmaInteger(kj::StringPtr pragma) {
    Statement query(*this, pragma);
    KJ_ASSERT(query.next(), "pragma returned nothing", pragma);
    return query.integer(0);
  }

  // Invariant 8.
  void migrate() {
    Transaction txn(*this, Transaction::WRITE);
    int64_t applicationId = pragmaInteger("PRAGMA application_id");
    int64_t version = pragmaInteger("PRAGMA user_version");
    bool empty = !Statement(*this, "SELECT 1 FROM sqlite_schema LIMIT 1").next();
    if (applicationId != APPLICATION_ID && !(applicationId == 0 && version == 0 && empty)) {
      throwUserError(kj::str(path,
                             ": not a shoal code store (it is some other SQLite database); "
                             "choose another data folder"));
    }
    if (version > SCHEMA_VERSION) {
      throwUserError(kj::str(path, ": written by a newer shoal (schema version ", version,
                             "; this shoal knows up to ", SCHEMA_VERSION,
                             "); run the newer shoal or restore a backup"));
    }
    if (version == SCHEMA_VERSION) return;  // nothing to write; the destructor ends txn
    for (int64_t step = version; step < SCHEMA_VERSION; step++) {
      exec(MIGRATIONS[step], "migrating the schema");
    }
    exec(kj::str("PRAGMA user_version = ", SCHEMA_VERSION));
    exec(kj::str("PRAGMA application_id = ", APPLICATION_ID));
    txn.commit();
  }
};

CodeStore::CodeStore(kj::StringPtr path, const kj::Clock& clock)
    : path(kj::heapString(path)), clock(clock), db(kj::heap<Database>(this->path)) {}

CodeStore::~CodeStore() noexcept(false) {}

int64_t CodeStore::nowMs() { return (clock.now() - kj::UNIX_EPOCH) / kj::MILLISECONDS; }

// ---------------------------------------------------------------------------------------
// Tenants and tokens

Tenant CodeStore::createTenant(kj::StringPtr name) {
  requireValidName("tenant", name);
  Statement insert(*db, "INSERT INTO tenants (name, created_at_ms) VALUES (?, ?)", name, nowMs());
  if (!insert.tryRun()) throwUserError(kj::str("tenant name \"", name, "\" is taken"));
  return Tenant{db->lastInsertRowid(), kj::str(name)};
}

kj::Maybe<Tenant> CodeStore::findTenant(kj::StringPtr name) {
  Statement query(*db, "SELECT id FROM tenants WHERE name = ?", name);
  if (!query.next()) return nullptr;
  return Tenant{query.integer(0), kj::str(name)};
}

kj::Vector<Tenant> CodeStore::listTenants() {
  kj::Vector<Tenant> result;
  Statement query(*db, "SELECT id, name FROM tenants ORDER BY id");
  while (query.next()) result.add(Tenant{query.integer(0), query.text(1)});
  return result;
}

kj::String CodeStore::createToken(kj::Maybe<int64_t> tenantId, kj::StringPtr label) {
  auto token = randomToken();
  Transaction txn(*db, Transaction::WRITE);
  KJ_IF_MAYBE (id, tenantId) requireTenant(*db, *id);
  Statement insert(*db,
                   "INSERT INTO tokens (sha256, tenant_id, label, created_at_ms) "
                   "VALUES (?, ?, ?, ?)",
                   sha256Hex(token), tenantId, label, nowMs());
  // 256 random bits do not collide; if they did, failing beats handing out a shared token.
  bool inserted = insert.tryRun();
  KJ_ASSERT(inserted, "token hash collision");
  txn.commit();
  return token;
}

kj::Maybe<TokenInfo> CodeStore::checkToken(kj::StringPtr token) {
  if (token.size() == 0) return nullptr;
  Statement query(*db, "SELECT tenant_id, label FROM tokens WHERE sha256 = ?", sha256Hex(token));
  if (!query.next()) return nullptr;
  kj::Maybe<int64_t> tenantId;
  if (!query.isNull(0)) tenantId = query.integer(0);
  return TokenInfo{tenantId, query.text(1)};
}

bool CodeStore::hasAdminToken() {
  Statement query(*db, "SELECT EXISTS (SELECT 1 FROM tokens WHERE tenant_id IS NULL)");
  KJ_ASSERT(query.next());
  return query.integer(0) != 0;
}

// ---------------------------------------------------------------------------------------
// Workers and versions

Version CodeStore::addVersion(VersionInput input) {
  // Everything that needs no database is checked before the transaction.
  requireValidName("worker", input.worker);
  for (auto& module : input.modules) {
    if (!isNormalizedPath(module.path)) {
      throwUserError(kj::str("module path \"", module.path,
                             "\" is not a normalized relative path like \"lib/util.js\""));
    }
  }
  bool mainFound = false;
  for (auto& module : input.modules) mainFound = mainFound || module.path == input.mainModule;
  if (!mainFound) {
    throwUserError(
        kj::str("main module \"", input.mainModule, "\" is not among the uploaded files"));
  }
  for (auto& var : input.vars) {
    if (var.name.size() == 0) throwUserError(kj::str("a var has an empty name"));
  }
  if (input.compatibilityDate.size() != 0 && !isDate(input.compatibilityDate)) {
    throwUserError(kj::str("compatibility date \"", input.compatibilityDate,
                           "\" is not of the form YYYY-MM-DD"));
  }

  int64_t now = nowMs();
  Transaction txn(*db, Transaction::WRITE);
  requireTenant(*db, input.tenantId);

  bool isNew = true;
  int64_t workerId = 0;
  {
    Statement query(*db, "SELECT id, tenant_id FROM workers WHERE name = ?", input.worker);
    if (query.next()) {
      if (query.integer(1) != input.tenantId) {
        throwUserError(kj::str("worker name taken: \"", input.worker,
                               "\" belongs to another tenant; choose another name"));
      }
      isNew = false;
      workerId = query.integer(0);
    }
  }

  // Invariant 3: the counter outlives deleted workers.
  int64_t number;
  {
    Statement bump(*db,
                   "INSERT INTO version_counters (worker_name, last_number) VALUES (?, 1) "
                   "ON CONFLICT (worker_name) DO UPDATE SET last_number = last_number + 1 "
                   "RETURNING last_number",
                   input.worker);
    KJ_ASSERT(bump.next());
    number = bump.integer(0);
  }

  if (isNew) {
    // The live version is inserted below; the foreign key is checked at COMMIT.
    Statement(*db,
              "INSERT INTO workers (name, tenant_id, live_version, created_at_ms) "
              "VALUES (?, ?, ?, ?)",
              input.worker, input.tenantId, number, now)
        .run();
    workerId = db->lastInsertRowid();
  } else {
    Statement(*db, "UPDATE workers SET live_version = ? WHERE id = ?", number, workerId).run();
  }

  Statement(*db,
            "INSERT INTO versions (worker_id, number, created_at_ms, deployed_by, main_module, "
            "compatibility_date, cpu_ms, memory_mib, subrequests, wall_ms, startup_cpu_ms, "
            "timers, console_kib, concurrency) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            workerId, number, now, input.deployedBy, input.mainModule, input.compatibilityDate,
            int64_t(input.limits.cpuMs), int64_t(input.limits.memoryMib),
            int64_t(input.limits.subrequests), int64_t(input.limits.wallMs),
            int64_t(input.limits.startupCpuMs), int64_t(input.limits.timers),
            int64_t(input.limits.consoleKib), int64_t(input.limits.concurrency))
      .run();

  for (auto& module : input.modules) {
    Statement insert(*db,
                     "INSERT INTO modules (worker_id, number, path, source) VALUES (?, ?, ?, ?)",
                     workerId, number, module.path, module.source);
    if (!insert.tryRun()) {
      throwUserError(kj::str("module path \"", module.path, "\" appears twice in the upload"));
    }
  }
  for (auto& var : input.vars) {
    Statement insert(*db,
                     "INSERT INTO vars (worker_id, number, name, value, secret) "
                     "VALUES (?, ?, ?, ?, ?)",
                     workerId, number, var.name, var.value, var.secret);
    if (!insert.tryRun()) throwUserError(kj::str("var \"", var.name, "\" is given twice"));
  }
  for (auto& session : input.sessions) {
    if (session.binding.size() == 0 || session.className.size() == 0) {
      throwUserError(kj::str("a session binding needs a name and a class"));
    }
    Statement insert(*db,
                     "INSERT INTO session_bindings (worker_id, number, binding, class_name) "
                     "VALUES (?, ?, ?, ?)",
                     workerId, number, session.binding, session.className);
    if (!insert.tryRun()) {
      throwUserError(kj::str("session binding \"", session.binding, "\" is given twice"));
    }
  }
  for (auto i: kj::indices(input.outboundAllow)) {
    Statement(*db,
              "INSERT INTO outbound_allow (worker_id, number, position, entry) "
              "VALUES (?, ?, ?, ?)",
              workerId, number, int64_t(i), input.outboundAllow[i])
        .run();
  }
  for (auto i: kj::indices(input.crons)) {
    Statement(*db,
              "INSERT INTO cron_triggers (worker_id, number, position, cron) VALUES (?, ?, ?, ?)",
              workerId, number, int64_t(i), input.crons[i])
        .run();
  }
  for (auto& service : input.services) {
    if (service.binding.size() == 0 || service.service.size() == 0) {
      throwUserError(kj::str("a service binding needs a name and a worker"));
    }
    Statement insert(*db,
                     "INSERT INTO service_bindings (worker_id, number, binding, service) "
                     "VALUES (?, ?, ?, ?)",
                     workerId, number, service.binding, service.service);
    if (!insert.tryRun()) {
      throwUserError(kj::str("service binding \"", service.binding, "\" is given twice"));
    }
  }
  for (auto& loader : input.loaders) {
    if (loader.size() == 0) throwUserError(kj::str("a loader binding needs a name"));
    Statement insert(*db,
                     "INSERT INTO loader_bindings (worker_id, number, binding) VALUES (?, ?, ?)",
                     workerId, number, loader);
    if (!insert.tryRun()) {
      throwUserError(kj::str("loader binding \"", loader, "\" is given twice"));
    }
  }
  txn.commit();

  // The same order getVersion() reads back.
  auto byPath = [](const ModuleFile& a, const ModuleFile& b) { return a.path < b.path; };
  std::sort(input.modules.begin(), input.modules.end(), byPath);
  auto byName = [](const VarBinding& a, const VarBinding& b) { return a.name < b.name; };
  std::sort(input.vars.begin(), input.vars.end(), byName);
  Version version;
  version.id = versionId(number);
  version.worker = kj::mv(input.worker);
  version.tenantId = input.tenantId;
  version.createdAtMs = now;
  version.deployedBy = kj::mv(input.deployedBy);
  version.mainModule = kj::mv(input.mainModule);
  version.modules = kj::mv(input.modules);
  version.vars = kj::mv(input.vars);
  version.compatibilityDate = kj::mv(input.compatibilityDate);
  auto byBinding = [](const SessionClassBinding& a, const SessionClassBinding& b) {
    return a.binding < b.binding;
  };
  std::sort(input.sessions.begin(), input.sessions.end(), byBinding);
  version.sessions = kj::mv(input.sessions);
  version.limits = input.limits;
  version.outboundAllow = kj::mv(input.outboundAllow);
  version.crons = kj::mv(input.crons);
  auto byServiceBinding = [](const ServiceBinding& a, const ServiceBinding& b) {
    return a.binding < b.binding;
  };
  std::sort(input.services.begin(), input.services.end(), byServiceBinding);
  version.services = kj::mv(input.services);
  std::sort(input.loaders.begin(), input.loaders.end());
  version.loaders = kj::mv(input.loaders);
  return version;
}

kj::Maybe<WorkerInfo> CodeStore::getWorker(kj::StringPtr name) {
  Transaction txn(*db, Transaction::READ);
  Statement head(*db, "SELECT id, tenant_id, live_version FROM workers WHERE name = ?", name);
  if (!head.next()) return nullptr;
  WorkerInfo info{kj::str(name), head.integer(1), versionId(head.integer(2)), {}};
  Statement versions(*db,
                     "SELECT number, created_at_ms, deployed_by FROM versions "
                     "WHERE worker_id = ? ORDER BY number DESC",
                     head.integer(0));
  while (versions.next()) {
    info.versions.add(
        VersionSummary{versionId(versions.integer(0)), versions.integer(1), versions.text(2)});
  }
  return kj::mv(info);
}

kj::Vector<WorkerInfo> CodeStore::listWorkers(kj::Maybe<int64_t> tenantId) {
  kj::Vector<WorkerInfo> result;
  // One statement, so one snapshot: a worker's rows are adjacent, newest version first.
  Statement query(*db,
                  "SELECT w.id, w.name, w.tenant_id, w.live_version, v.number, v.created_at_ms, "
                  "v.deployed_by FROM workers w JOIN versions v ON v.worker_id = w.id "
                  "WHERE ?1 IS NULL OR w.tenant_id = ?1 ORDER BY w.name, v.number DESC",
                  tenantId);
  int64_t currentId = -1;
  while (query.next()) {
    if (result.size() == 0 || query.integer(0) != currentId) {
      currentId = query.integer(0);
      result.add(WorkerInfo{query.text(1), query.integer(2), versionId(query.integer(3)), {}});
    }
    result.back().versions.add(
        VersionSummary{versionId(query.integer(4)), query.integer(5), query.text(6)});
  }
  return result;
}

kj::Vector<CronTrigger> CodeStore::listCronTriggers() {
  kj::Vector<CronTrigger> result;
  Statement query(*db,
                  "SELECT w.name, w.live_version, c.cron FROM workers w "
                  "JOIN cron_triggers c ON c.worker_id = w.id AND c.number = w.live_version "
                  "ORDER BY w.name, c.position");
  while (query.next()) {
    result.add(CronTrigger{query.text(0), versionId(query.integer(1)), query.text(2)});
  }
  return result;
}

kj::Maybe<Version> CodeStore::getVersion(kj::StringPtr worker, kj::StringPtr versionId) {
  KJ_IF_MAYBE (number, parseVersionId(versionId)) {
    Transaction txn(*db, Transaction::READ);
    return readVersion(*db, worker, *number);
  }
  return nullptr;
}

kj::Maybe<Version> CodeStore::getLiveVersion(kj::StringPtr worker) {
  Transaction txn(*db, Transaction::READ);
  return readVersion(*db, worker, nullptr);
}

void CodeStore::setLiveVersion(kj::StringPtr worker, kj::StringPtr versionId) {
  Transaction txn(*db, Transaction::WRITE);
  Statement head(*db, "SELECT id FROM workers WHERE name = ?", worker);
  if (!head.next()) throwUserError(kj::str("no worker named \"", worker, "\""));
  int64_t workerId = head.integer(0);
  auto noSuchVersion = [&]() {
    throwUserError(kj::str("worker \"", worker, "\" has no version \"", versionId, "\""));
  };
  KJ_IF_MAYBE (number, parseVersionId(versionId)) {
    Statement exists(*db, "SELECT 1 FROM versions WHERE worker_id = ? AND number = ?", workerId,
                     *number);
    if (!exists.next()) noSuchVersion();
    Statement(*db, "UPDATE workers SET live_version = ? WHERE id = ?", *number, workerId).run();
  } else {
    noSuchVersion();
  }
  txn.commit();
}

bool CodeStore::deleteWorker(kj::StringPtr name) {
  Transaction txn(*db, Transaction::WRITE);
  Statement(*db, "DELETE FROM workers WHERE name = ?", name).run();
  bool deleted = db->changes() > 0;  // the worker row alone; cascades are not counted
  txn.commit();
  return deleted;
}

}  // namespace shoal
