// The code store against real SQLite files: tenants, tokens, versions, rollback, ownership,
// reopening, corrupt and foreign files, and transactions that fail midway.

#include "storage/code-store.h"

#include <gtest/gtest.h>
#include <kj/debug.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace shoal {
namespace {

class FakeClock : public kj::Clock {
 public:
  kj::Date now() const override { return kj::UNIX_EPOCH + ms * kj::MILLISECONDS; }
  int64_t ms = 1700000000000;
};

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// The description of what `f` throws, or a marker that fails any expectation on it.
template <typename Func>
std::string errorOf(Func&& f) {
  KJ_IF_MAYBE (exception, kj::runCatchingExceptions(kj::fwd<Func>(f))) {
    return exception->getDescription().cStr();
  }
  return "(no exception)";
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

// A fresh folder per test under $TEST_TMPDIR, and raw SQLite access to check what the store
// wrote behind its API.
class CodeStoreTest : public ::testing::Test {
 protected:
  CodeStoreTest() {
    const char* tmp = getenv("TEST_TMPDIR");
    std::string root = tmp != nullptr ? tmp : "/tmp";
    auto info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir = root + "/" + info->test_suite_name() + "-" + info->name();
    KJ_SYSCALL(system(("rm -rf '" + dir + "' && mkdir -p '" + dir + "'").c_str()));
    path = dir + "/control.sqlite";
  }

  kj::Own<CodeStore> open() { return kj::heap<CodeStore>(path.c_str(), clock); }

  int64_t rawCount(const std::string& sql) {
    sqlite3* db = nullptr;
    KJ_ASSERT(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    KJ_DEFER(sqlite3_close(db));
    sqlite3_stmt* stmt = nullptr;
    KJ_ASSERT(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK,
              sqlite3_errmsg(db));
    KJ_DEFER(sqlite3_finalize(stmt));
    KJ_ASSERT(sqlite3_step(stmt) == SQLITE_ROW);
    return sqlite3_column_int64(stmt, 0);
  }

  // Runs `sql` on a connection of its own; returns SQLite's error message, or "" on success.
  std::string rawExec(const std::string& sql) {
    sqlite3* db = nullptr;
    KJ_ASSERT(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    KJ_DEFER(sqlite3_close(db));
    sqlite3_exec(db, "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return "";
    std::string message = error != nullptr ? error : "(error)";
    sqlite3_free(error);
    return message;
  }

  // Every byte SQLite keeps for the store: the database, its WAL and shared memory.
  std::string allFileBytes() {
    return readFile(path) + readFile(path + "-wal") + readFile(path + "-shm");
  }

  std::string dir;
  std::string path;
  FakeClock clock;
};

VersionInput simpleInput(kj::StringPtr worker, int64_t tenantId, kj::StringPtr source) {
  VersionInput input{kj::str(worker),      tenantId, kj::str("tester"),
                     kj::str("worker.js"), {},       {},
                     kj::str("2024-01-01")};
  input.modules.add(ModuleFile{kj::str("worker.js"), kj::str(source)});
  return input;
}

kj::String sourceOf(const Version& version, kj::StringPtr path) {
  for (auto& module : version.modules) {
    if (module.path == path) return kj::str(module.source);
  }
  return kj::str("(no module ", path, ")");
}

std::string versionIds(const WorkerInfo& info) {
  std::string ids;
  for (auto& v : info.versions) ids += std::string(ids.empty() ? "" : ",") + v.id.cStr();
  return ids;
}

std::string workerNames(const kj::Vector<WorkerInfo>& workers) {
  std::string names;
  for (auto& w : workers) names += std::string(names.empty() ? "" : ",") + w.name.cStr();
  return names;
}

// ---------------------------------------------------------------------------------------
// Tenants

TEST_F(CodeStoreTest, TenantsAreCreatedFoundAndListed) {
  auto store = open();
  EXPECT_EQ(store->listTenants().size(), 0u);
  auto a = store->createTenant("acme");
  auto b = store->createTenant("b-2");
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(a.name, "acme");

  auto tenants = store->listTenants();
  ASSERT_EQ(tenants.size(), 2u);
  EXPECT_EQ(tenants[0].id, a.id);
  EXPECT_EQ(tenants[0].name, "acme");
  EXPECT_EQ(tenants[1].id, b.id);
  EXPECT_EQ(tenants[1].name, "b-2");

  KJ_IF_MAYBE (found, store->findTenant("b-2")) {
    EXPECT_EQ(found->id, b.id);
  } else {
    ADD_FAILURE() << "tenant b-2 not found";
  }
  EXPECT_TRUE(store->findTenant("nobody") == nullptr);
}

TEST_F(CodeStoreTest, DuplicateAndInvalidTenantNamesAreRejected) {
  auto store = open();
  store->createTenant("acme");
  EXPECT_CONTAINS(errorOf([&]() { store->createTenant("acme"); }), "tenant name \"acme\" is taken");

  const char* invalid[] = {"",          "Acme",    "has space", "-lead", "trail-", "under_score",
                           "d\xc3\xbc", "dot.ted", "new\nline"};
  for (auto name : invalid) {
    EXPECT_CONTAINS(errorOf([&]() { store->createTenant(name); }), "is invalid") << name;
  }
  std::string tooLong(64, 'a');
  EXPECT_CONTAINS(errorOf([&]() { store->createTenant(tooLong.c_str()); }),
                  "of 64 characters is invalid");
  std::string longest(63, 'a');
  store->createTenant(longest.c_str());
  store->createTenant("0-9");

  auto tenants = store->listTenants();
  ASSERT_EQ(tenants.size(), 3u);
  EXPECT_EQ(tenants[1].name, longest.c_str());
}

// ---------------------------------------------------------------------------------------
// Tokens

TEST_F(CodeStoreTest, TokensCheckOutAndWrongOnesDoNot) {
  auto store = open();
  auto tenant = store->createTenant("acme");
  EXPECT_FALSE(store->hasAdminToken());

  auto tenantToken = store->createToken(tenant.id, "ci deploys");
  EXPECT_FALSE(store->hasAdminToken());  // a tenant's token is not an admin token
  auto adminToken = store->createToken(nullptr, "bootstrap");
  EXPECT_TRUE(store->hasAdminToken());

  ASSERT_EQ(tenantToken.size(), 6u + 64u);
  EXPECT_TRUE(tenantToken.startsWith("shoal_"));
  for (char c : tenantToken.slice(6)) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << tenantToken.cStr();
  }
  EXPECT_NE(tenantToken, adminToken);

  KJ_IF_MAYBE (info, store->checkToken(tenantToken)) {
    KJ_IF_MAYBE (id, info->tenantId) {
      EXPECT_EQ(*id, tenant.id);
    } else {
      ADD_FAILURE() << "tenant token checked out as admin";
    }
    EXPECT_EQ(info->label, "ci deploys");
  } else {
    ADD_FAILURE() << "tenant token rejected";
  }
  KJ_IF_MAYBE (info, store->checkToken(adminToken)) {
    EXPECT_TRUE(info->tenantId == nullptr);
    EXPECT_EQ(info->label, "bootstrap");
  } else {
    ADD_FAILURE() << "admin token rejected";
  }

  auto wrong = kj::heapString(tenantToken);
  wrong[wrong.size() - 1] = wrong[wrong.size() - 1] == '0' ? '1' : '0';
  EXPECT_TRUE(store->checkToken(wrong) == nullptr);
  EXPECT_TRUE(store->checkToken(tenantToken.slice(6)) == nullptr);  // without the prefix
  EXPECT_TRUE(store->checkToken("") == nullptr);
  EXPECT_TRUE(store->checkToken("shoal_") == nullptr);

  EXPECT_CONTAINS(errorOf([&]() { store->createToken(tenant.id + 100, "x"); }),
                  "no tenant with id");
}

TEST_F(CodeStoreTest, TheFileHoldsNoTokenText) {
  auto store = open();
  auto tenant = store->createTenant("acme");
  auto token = store->createToken(tenant.id, "marker-label-7f3a");
  auto admin = store->createToken(nullptr, "marker-admin-label");
  auto randomPart = [](const kj::String& t) { return std::string(t.cStr()).substr(6); };

  // While the store is open the rows are likely still in the WAL; the label shows the
  // search does see them.
  auto bytes = allFileBytes();
  EXPECT_CONTAINS(bytes, "marker-label-7f3a");
  EXPECT_EQ(bytes.find(randomPart(token)), std::string::npos);
  EXPECT_EQ(bytes.find(randomPart(admin)), std::string::npos);

  store = nullptr;  // checkpoints the WAL into the database file
  bytes = allFileBytes();
  EXPECT_CONTAINS(bytes, "marker-admin-label");
  EXPECT_EQ(bytes.find(randomPart(token)), std::string::npos);
  EXPECT_EQ(bytes.find(randomPart(admin)), std::string::npos);
}

// ---------------------------------------------------------------------------------------
// Versions

TEST_F(CodeStoreTest, VersionRoundTripsWithModulesAndVars) {
  auto store = open();
  auto tenant = store->createTenant("acme");
  VersionInput input{kj::str("shop"),         tenant.id, kj::str("ci deploys"),
                     kj::str("src/index.js"), {},        {},
                     kj::str("2024-09-23")};
  input.modules.add(
      ModuleFile{kj::str("src/index.js"),
                 kj::str("import { hi } from './lib/hi.js';\nexport default { fetch() {} };\n")});
  input.modules.add(
      ModuleFile{kj::str("src/lib/hi.js"), kj::str("export const hi = 'Grüße, 世界 🐟';\n")});
  input.modules.add(ModuleFile{kj::str("data/empty.js"), kj::str("")});
  input.vars.add(VarBinding{kj::str("GREETING"), kj::str("héllo"), false});
  input.vars.add(VarBinding{kj::str("API_KEY"), kj::str("sk-secret"), true});
  input.sessions.add(SessionClassBinding{kj::str("SESSIONS"), kj::str("Session")});
  input.sessions.add(SessionClassBinding{kj::str("CARTS"), kj::str("Cart")});
  input.limits.cpuMs = 75;
  input.limits.memoryMib = 64;
  input.limits.subrequests = 7;
  input.limits.wallMs = 4500;
  input.limits.startupCpuMs = 900;
  input.limits.timers = 12;
  input.limits.consoleKib = 3;
  input.limits.concurrency = 40;
  input.outboundAllow.add(kj::str("*.example.com"));
  input.outboundAllow.add(kj::str("api.stripe.com:443"));
  input.services.add(ServiceBinding{kj::str("PAY"), kj::str("payments")});
  input.services.add(ServiceBinding{kj::str("AUTH"), kj::str("auth")});
  input.crons.add(kj::str("*/5 * * * *"));
  input.crons.add(kj::str("0 3 * * MON"));
  input.loaders.add(kj::str("SANDBOX"));
  input.loaders.add(kj::str("LOADER"));

  clock.ms = 1234567;
  auto added = store->addVersion(kj::mv(input));
  EXPECT_EQ(added.id, "v1");
  EXPECT_EQ(added.createdAtMs, 1234567);

  KJ_IF_MAYBE (version, store->getVersion("shop", "v1")) {
    EXPECT_EQ(version->id, "v1");
    EXPECT_EQ(version->worker, "shop");
    EXPECT_EQ(version->tenantId, tenant.id);
    EXPECT_EQ(version->createdAtMs, 1234567);
    EXPECT_EQ(version->deployedBy, "ci deploys");
    EXPECT_EQ(version->mainModule, "src/index.js");
    EXPECT_EQ(version->compatibilityDate, "2024-09-23");

    // Sorted by path; the same order addVersion() returned.
    ASSERT_EQ(version->modules.size(), 3u);
    EXPECT_EQ(version->modules[0].path, "data/empty.js");
    EXPECT_EQ(version->modules[0].source, "");
    EXPECT_EQ(version->modules[1].path, "src/index.js");
    EXPECT_EQ(version->modules[2].path, "src/lib/hi.js");
    EXPECT_EQ(version->modules[2].source, "export const hi = 'Grüße, 世界 🐟';\n");
    ASSERT_EQ(added.modules.size(), 3u);
    for (size_t i = 0; i < 3; i++) {
      EXPECT_EQ(added.modules[i].path, version->modules[i].path);
      EXPECT_EQ(added.modules[i].source, version->modules[i].source);
    }

    ASSERT_EQ(version->vars.size(), 2u);
    EXPECT_EQ(version->vars[0].name, "API_KEY");
    EXPECT_EQ(version->vars[0].value, "sk-secret");
    EXPECT_TRUE(version->vars[0].secret);
    EXPECT_EQ(version->vars[1].name, "GREETING");
    EXPECT_EQ(version->vars[1].value, "héllo");
    EXPECT_FALSE(version->vars[1].secret);
    ASSERT_EQ(added.vars.size(), 2u);
    EXPECT_EQ(added.vars[0].name, "API_KEY");
    EXPECT_TRUE(added.vars[0].secret);

    ASSERT_EQ(version->sessions.size(), 2u);
    EXPECT_EQ(version->sessions[0].binding, "CARTS");
    EXPECT_EQ(version->sessions[0].className, "Cart");
    EXPECT_EQ(version->sessions[1].binding, "SESSIONS");
    ASSERT_EQ(added.sessions.size(), 2u);
    EXPECT_EQ(added.sessions[0].binding, "CARTS");
    EXPECT_EQ(version->limits.cpuMs, 75u);
    EXPECT_EQ(version->limits.memoryMib, 64u);
    EXPECT_EQ(version->limits.subrequests, 7u);
    EXPECT_EQ(version->limits.wallMs, 4500u);
    EXPECT_EQ(version->limits.startupCpuMs, 900u);
    EXPECT_EQ(version->limits.timers, 12u);
    EXPECT_EQ(version->limits.consoleKib, 3u);
    EXPECT_EQ(version->limits.concurrency, 40u);

    // The allowlist keeps its order; service bindings are sorted by binding.
    ASSERT_EQ(version->outboundAllow.size(), 2u);
    EXPECT_EQ(version->outboundAllow[0], "*.example.com");
    EXPECT_EQ(version->outboundAllow[1], "api.stripe.com:443");
    ASSERT_EQ(version->services.size(), 2u);
    EXPECT_EQ(version->services[0].binding, "AUTH");
    EXPECT_EQ(version->services[0].service, "auth");
    EXPECT_EQ(version->services[1].binding, "PAY");
    ASSERT_EQ(added.services.size(), 2u);
    EXPECT_EQ(added.services[0].binding, "AUTH");
    ASSERT_EQ(version->loaders.size(), 2u);
    EXPECT_EQ(version->loaders[0], "LOADER");
    EXPECT_EQ(version->loaders[1], "SANDBOX");
    ASSERT_EQ(version->crons.size(), 2u);
    EXPECT_EQ(version->crons[1], "0 3 * * MON");
    auto triggers = store->listCronTriggers();
    ASSERT_EQ(triggers.size(), 2u);
    EXPECT_EQ(triggers[0].worker, "shop");
    EXPECT_EQ(triggers[0].version, "v1");
    EXPECT_EQ(triggers[0].cron, "*/5 * * * *");
  } else {
    ADD_FAILURE() << "v1 not found";
  }

  EXPECT_TRUE(store->getVersion("shop", "v2") == nullptr);
  EXPECT_TRUE(store->getVersion("shop", "1") == nullptr);
  EXPECT_TRUE(store->getVersion("shop", "v01") == nullptr);
  EXPECT_TRUE(store->getVersion("nope", "v1") == nullptr);
  EXPECT_TRUE(store->getLiveVersion("nope") == nullptr);
}

TEST_F(CodeStoreTest, VersionsAreImmutableAndIdsCountUp) {
  auto store = open();
  auto tenant = store->createTenant("acme");
  clock.ms = 1000;
  EXPECT_EQ(store->addVersion(simpleInput("app", tenant.id, "one")).id, "v1");
  clock.ms = 2000;
  EXPECT_EQ(store->addVersion(simpleInput("app", tenant.id, "two")).id, "v2");
  clock.ms = 3000;
  EXPECT_EQ(store->addVersion(simpleInput("app", tenant.id, "three")).id, "v3");

  KJ_IF_MAYBE (v1, store->getVersion("app", "v1")) {
    EXPECT_EQ(sourceOf(*v1, "worker.js"), "one");
    EXPECT_EQ(v1->createdAtMs, 1000);
  } else {
    ADD_FAILURE() << "v1 lost";
  }
  KJ_IF_MAYBE (live, store->getLiveVersion("app")) {
    EXPECT_EQ(live->id, "v3");
    EXPECT_EQ(sourceOf(*live, "worker.js"), "three");
  } else {
    ADD_FAILURE() << "no live version";
  }
  KJ_IF_MAYBE (info, store->getWorker("app")) {
    EXPECT_EQ(info->liveVersion, "v3");
    EXPECT_EQ(versionIds(*info), "v3,v2,v1");
    EXPECT_EQ(info->versions[2].createdAtMs, 1000);
    EXPECT_EQ(info->versions[0].deployedBy, "tester");
  } else {
    ADD_FAILURE() << "worker missing";
  }

  // The schema itself refuses to change a version, even to a connection that bypasses us.
  EXPECT_CONTAINS(rawExec("UPDATE modules SET source = 'evil'"), "versions are immutable");
  EXPECT_CONTAINS(rawExec("UPDATE versions SET deployed_by = 'evil'"), "versions are immutable");
  EXPECT_CONTAINS(rawExec("DELETE FROM versions WHERE number = 1"), "deleted only with");
  EXPECT_CONTAINS(rawExec("UPDATE workers SET tenant_id = tenant_id + 1"), "never changes tenant");
  EXPECT_CONTAINS(rawExec("UPDATE workers SET live_version = 99"), "FOREIGN KEY");
  KJ_IF_MAYBE (v1, store->getVersion("app", "v1")) {
    EXPECT_EQ(sourceOf(*v1, "worker.js"), "one");
  }
}

TEST_F(CodeStoreTest, RollbackMovesTheLiveVersionAndUnknownVersionsChangeNothing) {
  auto store = open();
  auto tenant = store->createTenant("acme");
  store->addVersion(simpleInput("app", tenant.id, "one"));
  store->addVersion(simpleInput("app", tenant.id, "two"));

  store->setLiveVersion("app", "v1");
  KJ_IF_MAYBE (live, store->getLiveVersion("app")) {
    EXPECT_EQ(live->id, "v1");
    EXPECT_EQ(sourceOf(*live, "worker.js"), "one");
  } else {
    ADD_FAILURE() << "no live version";
  }

  EXPECT_CONTAINS(errorOf([&]() { store->setLiveVersion("app", "v3"); }),
                  "worker \"app\" has no version \"v3\"");
  EXPECT_CONTAINS(errorOf([&]() { store->setLiveVersion("app", "latest"); }), "no version");
  EXPECT_CONTAINS(errorOf([&]() { store->setLiveVersion("ghost", "v1"); }),
                  "no worker named \"ghost\"");
  KJ_IF_MAYBE (info, store->getWorker("app")) {
    EXPECT_EQ(info->liveVersion, "v1");
    EXPECT_EQ(versionIds(*info), "v2,v1");  // rollback adds no version
  }

  // Rolling forward again, and a new deploy after a rollback gets the next id.
  store->setLiveVersion("app", "v2");
  KJ_IF_MAYBE (live, store->getLiveVersion("app")) EXPECT_EQ(live->id, "v2");
  store->setLiveVersion("app", "v1");
  EXPECT_EQ(store->addVersion(simpleInput("app", tenant.id, "three")).id, "v3");
  KJ_IF_MAYBE (live, store->getLiveVersion("app")) EXPECT_EQ(live->id, "v3");
}

// ---------------------------------------------------------------------------------------
// Workers

TEST_F(CodeStoreTest, AnotherTenantCannotTakeAWorkerName) {
  auto store = open();
  auto a = store->createTenant("a");
  auto b = store->createTenant("b");
  store->addVersion(simpleInput("app", a.id, "a's code"));

  EXPECT_CONTAINS(errorOf([&]() { store->addVersion(simpleInput("app", b.id, "b's code")); }),
                  "worker name taken");
  KJ_IF_MAYBE (info, store->getWorker("app")) {
    EXPECT_EQ(info->tenantId, a.id);
    EXPECT_EQ(versionIds(*info), "v1");
  } else {
    ADD_FAILURE() << "worker lost";
  }
  KJ_IF_MAYBE (live, store->getLiveVersion("app")) {
    EXPECT_EQ(sourceOf(*live, "worker.js"), "a's code");
  }
  EXPECT_EQ(store->addVersion(simpleInput("app", a.id, "a again")).id, "v2");

  EXPECT_CONTAINS(errorOf([&]() { store->addVersion(simpleInput("app", 999, "x")); }),
                  "no tenant with id 999");
}

TEST_F(CodeStoreTest, DeleteWorkerRemovesItsVersions) {
  auto store = open();
  auto a = store->createTenant("a");
  auto b = store->createTenant("b");
  auto input = simpleInput("app", a.id, "one");
  input.vars.add(VarBinding{kj::str("K"), kj::str("v"), true});
  store->addVersion(kj::mv(input));
  store->addVersion(simpleInput("app", a.id, "two"));
  store->addVersion(simpleInput("other", a.id, "kept"));

  EXPECT_TRUE(store->deleteWorker("app"));
  EXPECT_TRUE(store->getWorker("app") == nullptr);
  EXPECT_TRUE(store->getVersion("app", "v1") == nullptr);
  EXPECT_TRUE(store->getLiveVersion("app") == nullptr);
  EXPECT_FALSE(store->deleteWorker("app"));
  EXPECT_FALSE(store->deleteWorker("never-was"));

  // Nothing of it is left behind the API; the other worker is untouched.
  EXPECT_EQ(rawCount("SELECT count(*) FROM workers"), 1);
  EXPECT_EQ(rawCount("SELECT count(*) FROM versions"), 1);
  EXPECT_EQ(rawCount("SELECT count(*) FROM modules"), 1);
  EXPECT_EQ(rawCount("SELECT count(*) FROM vars"), 0);
  KJ_IF_MAYBE (live, store->getLiveVersion("other")) {
    EXPECT_EQ(sourceOf(*live, "worker.js"), "kept");
  }

  // The name is free again, for any tenant, but version ids are not reused.
  auto again = store->addVersion(simpleInput("app", b.id, "b's app"));
  EXPECT_EQ(again.id, "v3");
  EXPECT_EQ(again.tenantId, b.id);
  KJ_IF_MAYBE (info, store->getWorker("app")) EXPECT_EQ(versionIds(*info), "v3");
}

TEST_F(CodeStoreTest, ListWorkersByTenant) {
  auto store = open();
  auto a = store->createTenant("a");
  auto b = store->createTenant("b");
  store->addVersion(simpleInput("zeta", a.id, "z"));
  store->addVersion(simpleInput("alpha", a.id, "a1"));
  store->addVersion(simpleInput("alpha", a.id, "a2"));
  store->addVersion(simpleInput("mid", b.id, "m"));
  auto c = store->createTenant("c");

  auto ofA = store->listWorkers(a.id);
  EXPECT_EQ(workerNames(ofA), "alpha,zeta");
  ASSERT_EQ(ofA.size(), 2u);
  EXPECT_EQ(ofA[0].tenantId, a.id);
  EXPECT_EQ(ofA[0].liveVersion, "v2");
  EXPECT_EQ(versionIds(ofA[0]), "v2,v1");
  EXPECT_EQ(versionIds(ofA[1]), "v1");

  EXPECT_EQ(workerNames(store->listWorkers(b.id)), "mid");
  EXPECT_EQ(store->listWorkers(c.id).size(), 0u);
  auto all = store->listWorkers(nullptr);
  EXPECT_EQ(workerNames(all), "alpha,mid,zeta");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].tenantId, b.id);
}

TEST_F(CodeStoreTest, BadUploadsAreRejectedWithAMessageAndLeaveNothing) {
  auto store = open();
  auto tenant = store->createTenant("acme");
  auto withMain = [&](kj::StringPtr main) {
    auto input = simpleInput("app", tenant.id, "x");
    input.mainModule = kj::str(main);
    return input;
  };
  EXPECT_CONTAINS(errorOf([&]() { store->addVersion(withMain("index.js")); }),
                  "main module \"index.js\" is not among the uploaded files");
  for (auto bad : {"../up.js", "/abs.js", "a//b.js", "./a.js", "a/../b.js", "dir/", ""}) {
    auto input = simpleInput("app", tenant.id, "x");
    input.modules.add(ModuleFile{kj::str(bad), kj::str("y")});
    EXPECT_CONTAINS(errorOf([&]() { store->addVersion(kj::mv(input)); }),
                    "not a normalized relative path")
        << bad;
  }
  auto badDate = simpleInput("app", tenant.id, "x");
  badDate.compatibilityDate = kj::str("yesterday");
  EXPECT_CONTAINS(errorOf([&]() { store->addVersion(kj::mv(badDate)); }), "YYYY-MM-DD");
  EXPECT_CONTAINS(errorOf([&]() { store->addVersion(simpleInput("My_App", tenant.id, "x")); }),
                  "worker name \"My_App\" is invalid");

  EXPECT_EQ(store->listWorkers(nullptr).size(), 0u);
  auto noDate = simpleInput("app", tenant.id, "x");
  noDate.compatibilityDate = kj::str("");
  EXPECT_EQ(store->addVersion(kj::mv(noDate)).id, "v1");
}

// ---------------------------------------------------------------------------------------
// Transactions

TEST_F(CodeStoreTest, AFailureMidwayLeavesNothingHalfWritten) {
  auto store = open();
  auto tenant = store->createTenant("acme");

  // A new worker: the worker row, the version and the first module are written before the
  // duplicate path fails; all of it must go.
  auto dup = simpleInput("fresh", tenant.id, "one");
  dup.modules.add(ModuleFile{kj::str("worker.js"), kj::str("again")});
  EXPECT_CONTAINS(errorOf([&]() { store->addVersion(kj::mv(dup)); }),
                  "module path \"worker.js\" appears twice");
  EXPECT_TRUE(store->getWorker("fresh") == nullptr);
  EXPECT_EQ(rawCount("SELECT count(*) FROM workers"), 0);
  EXPECT_EQ(rawCount("SELECT count(*) FROM versions"), 0);
  EXPECT_EQ(rawCount("SELECT count(*) FROM modules"), 0);
  EXPECT_EQ(rawCount("SELECT count(*) FROM version_counters"), 0);

  // An existing worker: the live version and the counter stay as they were.
  store->addVersion(simpleInput("app", tenant.id, "good"));
  auto dupVar = simpleInput("app", tenant.id, "bad");
  dupVar.vars.add(VarBinding{kj::str("K"), kj::str("1"), false});
  dupVar.vars.add(VarBinding{kj::str("K"), kj::str("2"), true});
  EXPECT_CONTAINS(errorOf([&]() { store->addVersion(kj::mv(dupVar)); }),
                  "var \"K\" is given twice");
  KJ_IF_MAYBE (info, store->getWorker("app")) {
    EXPECT_EQ(info->liveVersion, "v1");
    EXPECT_EQ(versionIds(*info), "v1");
  } else {
    ADD_FAILURE() << "worker lost";
  }
  KJ_IF_MAYBE (live, store->getLiveVersion("app")) {
    EXPECT_EQ(sourceOf(*live, "worker.js"), "good");
    EXPECT_EQ(live->vars.size(), 0u);
  }
  EXPECT_EQ(rawCount("SELECT count(*) FROM vars"), 0);
  EXPECT_EQ(store->addVersion(simpleInput("app", tenant.id, "next")).id, "v2");

  // The store stays usable after a failed transaction (no transaction left open).
  store->createTenant("after");
  store = nullptr;
  EXPECT_TRUE(open()->findTenant("after") != nullptr);
}

// ---------------------------------------------------------------------------------------
// The file

TEST_F(CodeStoreTest, EverythingSurvivesReopening) {
  kj::String token;
  int64_t tenantId;
  {
    auto store = open();
    tenantId = store->createTenant("acme").id;
    store->createTenant("other");
    token = store->createToken(tenantId, "ci");
    auto input = simpleInput("app", tenantId, "one");
    input.vars.add(VarBinding{kj::str("SECRET"), kj::str("s3"), true});
    store->addVersion(kj::mv(input));
    store->addVersion(simpleInput("app", tenantId, "two"));
    store->setLiveVersion("app", "v1");
    store->addVersion(simpleInput("gone", tenantId, "x"));
    store->deleteWorker("gone");
  }

  auto store = open();
  EXPECT_EQ(store->listTenants().size(), 2u);
  KJ_IF_MAYBE (found, store->findTenant("acme")) EXPECT_EQ(found->id, tenantId);
  KJ_IF_MAYBE (info, store->checkToken(token)) {
    EXPECT_EQ(info->label, "ci");
  } else {
    ADD_FAILURE() << "token forgotten";
  }
  EXPECT_FALSE(store->hasAdminToken());
  EXPECT_EQ(workerNames(store->listWorkers(nullptr)), "app");
  KJ_IF_MAYBE (live, store->getLiveVersion("app")) {
    EXPECT_EQ(live->id, "v1");
    EXPECT_EQ(sourceOf(*live, "worker.js"), "one");
    ASSERT_EQ(live->vars.size(), 1u);
    EXPECT_TRUE(live->vars[0].secret);
    EXPECT_EQ(live->vars[0].value, "s3");
  } else {
    ADD_FAILURE() << "live version lost";
  }
  KJ_IF_MAYBE (v2, store->getVersion("app", "v2")) EXPECT_EQ(sourceOf(*v2, "worker.js"), "two");
  EXPECT_EQ(store->addVersion(simpleInput("app", tenantId, "three")).id, "v3");
  EXPECT_EQ(store->addVersion(simpleInput("gone", tenantId, "back")).id, "v2");
  EXPECT_EQ(rawCount("PRAGMA user_version"), 6);  // the schema version this shoal writes
}

TEST_F(CodeStoreTest, ACorruptFileGivesAClearErrorNamingIt) {
  std::string garbage;
  for (int i = 0; i < 8192; i++) garbage += char((i * 7919 + 13) % 251);
  writeFile(path, garbage);

  auto error = errorOf([&]() { open(); });
  EXPECT_CONTAINS(error, path);
  EXPECT_CONTAINS(error, "not a readable shoal code store");
  EXPECT_EQ(readFile(path), garbage);  // refused, not "repaired"
}

TEST_F(CodeStoreTest, ATruncatedFileGivesAClearError) {
  {
    auto store = open();
    auto tenant = store->createTenant("acme");
    for (int i = 0; i < 20; i++) {
      store->addVersion(simpleInput("app", tenant.id, std::string(4000, 'x').c_str()));
    }
  }
  auto bytes = readFile(path);
  ASSERT_GT(bytes.size(), 40000u);
  // Keep the header, lose the pages: the header now claims more pages than there are,
  // and the schema page is cut off mid-way.
  writeFile(path, bytes.substr(0, 1500));

  auto error = errorOf([&]() {
    auto store = open();
    store->listWorkers(nullptr);
  });
  EXPECT_CONTAINS(error, path);
  EXPECT_CONTAINS(error, "not a readable shoal code store");
}

TEST_F(CodeStoreTest, ForeignAndNewerDatabasesAreRefused) {
  ASSERT_EQ(rawExec("CREATE TABLE notes (body TEXT)"), "");
  auto foreign = errorOf([&]() { open(); });
  EXPECT_CONTAINS(foreign, path);
  EXPECT_CONTAINS(foreign, "not a shoal code store");
  EXPECT_EQ(rawCount("SELECT count(*) FROM sqlite_schema WHERE name = 'workers'"), 0);

  KJ_SYSCALL(unlink(path.c_str()));
  open();
  ASSERT_EQ(rawExec("PRAGMA user_version = 99"), "");
  auto newer = errorOf([&]() { open(); });
  EXPECT_CONTAINS(newer, path);
  EXPECT_CONTAINS(newer, "written by a newer shoal (schema version 99");
}

TEST_F(CodeStoreTest, AMissingFolderIsNamedInTheError) {
  auto missing = dir + "/no/such/folder/control.sqlite";
  auto error = errorOf([&]() { CodeStore store(missing.c_str(), clock); });
  EXPECT_CONTAINS(error, missing);
}

}  // namespace
}  // namespace shoal
