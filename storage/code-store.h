// The code store: the front end's SQLite database (DATA/control.sqlite) of tenants, API
// tokens, workers and their immutable versions. The design notes and invariants are at the
// top of code-store.cc.
#pragma once

#include <kj/common.h>
#include <kj/memory.h>
#include <kj/string.h>
#include <kj/time.h>
#include <kj/vector.h>

namespace shoal {

struct ModuleFile {
  kj::String path;    // relative to the bundle root, normalized: "lib/util.js", no "." or ".."
  kj::String source;  // UTF-8 text
};

// An `env` text binding. `secret` values go to the worker like any other, but whoever shows a
// version to a person must not show them: the control API lists secrets by name only.
struct VarBinding {
  kj::String name;
  kj::String value;
  bool secret;
};

// A session namespace a version declares: env.<binding> reaches instances of its
// exported class `className`.
struct SessionClassBinding {
  kj::String binding;
  kj::String className;
};

// A service binding a version declares: env.<binding>.fetch() reaches the live version of
// the worker named `service`, which must belong to the same tenant (checked at each call:
// it may be deployed, or deleted, after this version).
struct ServiceBinding {
  kj::String binding;
  kj::String service;
};

// Limits a version asks for; 0 means the platform's default.
struct VersionLimits {
  uint32_t cpuMs = 0;        // CPU time per event
  uint32_t memoryMib = 0;    // heap (and ArrayBuffer) budget
  uint32_t subrequests = 0;  // fetch() and service calls per request
  uint32_t wallMs = 0;       // wall time per request
  uint32_t startupCpuMs = 0;  // CPU time for evaluating the modules
  uint32_t timers = 0;        // timers one event may have pending
  uint32_t consoleKib = 0;    // console output per event
  uint32_t concurrency = 0;   // requests one isolate works on at once
};

// What a deploy hands to addVersion().
struct VersionInput {
  kj::String worker;      // the worker's name, which is also its hostname: NAME.localhost
  int64_t tenantId;       // owner; must exist
  kj::String deployedBy;  // free text for people, e.g. a token's label
  kj::String mainModule;  // one of `modules`
  kj::Vector<ModuleFile> modules;
  kj::Vector<VarBinding> vars;
  kj::String compatibilityDate;  // "YYYY-MM-DD", or empty
  kj::Vector<SessionClassBinding> sessions;
  VersionLimits limits;
  kj::Vector<kj::String> outboundAllow;  // hosts fetch() may reach (control/outbound-policy.h)
  kj::Vector<ServiceBinding> services;
  kj::Vector<kj::String> crons;  // cron triggers (control/cron.h), checked by the caller
  kj::Vector<kj::String> loaders;  // env.<name> makes sandboxes (Worker Loader bindings)
};

// One version as stored. Never changes once written.
struct Version {
  kj::String id;  // "v1", "v2", ...
  kj::String worker;
  int64_t tenantId;
  int64_t createdAtMs;  // Unix milliseconds, from the store's clock
  kj::String deployedBy;
  kj::String mainModule;
  kj::Vector<ModuleFile> modules;  // sorted by path (bytewise)
  kj::Vector<VarBinding> vars;     // sorted by name (bytewise); secret values included
  kj::String compatibilityDate;
  kj::Vector<SessionClassBinding> sessions;  // sorted by binding
  VersionLimits limits;
  kj::Vector<kj::String> outboundAllow;  // in the order given
  kj::Vector<ServiceBinding> services;   // sorted by binding
  kj::Vector<kj::String> crons;          // in the order given
  kj::Vector<kj::String> loaders;        // sorted
};

// A cron trigger of a live version: what the front end fires.
struct CronTrigger {
  kj::String worker;
  kj::String version;
  kj::String cron;
};

struct VersionSummary {
  kj::String id;
  int64_t createdAtMs;
  kj::String deployedBy;
};

struct WorkerInfo {
  kj::String name;
  int64_t tenantId;
  kj::String liveVersion;
  kj::Vector<VersionSummary> versions;  // newest first
};

struct Tenant {
  int64_t id;
  kj::String name;
};

struct TokenInfo {
  kj::Maybe<int64_t> tenantId;  // nullptr: an admin token, good for every tenant
  kj::String label;
};

// Errors: a caller's mistake (an invalid or taken name, an unknown tenant or version, a
// malformed bundle) throws a kj::Exception of type FAILED whose description is a message for
// the user, with nothing else in it. Trouble with the file itself (I/O, a full disk, a
// corrupt or foreign database) throws a kj::Exception naming the file and carrying SQLite's
// message; SQLITE_BUSY past the busy timeout throws type OVERLOADED. Either way nothing is
// half-written.
//
// Authorization is the caller's job: the store checks that a tenant owns a worker only where
// ownership is being decided (addVersion). Token text never appears in exceptions or logs.
//
// Thread affinity: use a CodeStore from one thread at a time. Several CodeStores (or
// processes) may open the same file; SQLite's locking keeps them consistent.
class CodeStore {
 public:
  // Opens the database at `path`, creating it (but not its folder) if absent, and brings its
  // schema up to date. Throws, naming `path`, if the file is corrupt, is some other
  // application's database, or was written by a newer shoal. `clock` stamps createdAtMs and
  // must outlive the store.
  explicit CodeStore(kj::StringPtr path, const kj::Clock& clock = kj::systemPreciseCalendarClock());
  ~CodeStore() noexcept(false);
  KJ_DISALLOW_COPY(CodeStore);

  kj::StringPtr getPath() { return path; }

  // ---------------------------------------------------------------------------------------
  // Tenants and tokens

  // Names: 1 to 63 of [a-z0-9-], not starting or ending with '-'. Throws if the name is
  // invalid or taken.
  Tenant createTenant(kj::StringPtr name);
  kj::Maybe<Tenant> findTenant(kj::StringPtr name);
  kj::Vector<Tenant> listTenants();  // by id, oldest first

  // Makes a token: "shoal_" and 64 hex digits (32 bytes from getrandom). Returns its text,
  // which is not kept: only its SHA-256 is stored. `tenantId` nullptr makes an admin token;
  // otherwise the tenant must exist.
  kj::String createToken(kj::Maybe<int64_t> tenantId, kj::StringPtr label);

  // Who `token` belongs to, or nullptr if it is not a token this store made.
  kj::Maybe<TokenInfo> checkToken(kj::StringPtr token);

  bool hasAdminToken();

  // ---------------------------------------------------------------------------------------
  // Workers and versions

  // Stores a new version and makes it live, creating the worker (owned by input.tenantId) if
  // the name is new; all or nothing. Version ids count up per worker name and are never
  // reused, not even after deleteWorker, so (worker, version id) names one bundle forever.
  // Throws if the worker name belongs to another tenant ("worker name taken"), or on an
  // invalid name, unknown tenant, missing main module, or a duplicate module path or var.
  Version addVersion(VersionInput input);

  kj::Maybe<WorkerInfo> getWorker(kj::StringPtr name);
  kj::Vector<WorkerInfo> listWorkers(kj::Maybe<int64_t> tenantId);  // nullptr: all; by name

  // Every cron trigger of every worker's live version, by worker name.
  kj::Vector<CronTrigger> listCronTriggers();

  // nullptr if there is no such worker or version (including a malformed id).
  kj::Maybe<Version> getVersion(kj::StringPtr worker, kj::StringPtr versionId);
  kj::Maybe<Version> getLiveVersion(kj::StringPtr worker);

  // Makes an existing version live again (rollback, or roll forward). Throws if the worker or
  // the version does not exist; then nothing changes.
  void setLiveVersion(kj::StringPtr worker, kj::StringPtr versionId);

  // Removes the worker, its versions, their modules and vars. False if there was no such
  // worker. The name is free afterwards, for any tenant.
  bool deleteWorker(kj::StringPtr name);

 private:
  class Database;  // owns the sqlite3 handle; defined in code-store.cc

  kj::String path;
  const kj::Clock& clock;
  kj::Own<Database> db;

  int64_t nowMs();
};

}  // namespace shoal
