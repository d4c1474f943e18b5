// Sessions through real processes: `shoal dev` and `shoal serve`, real SQLite files,
// real HTTP, and kill -9 in the middle of writes.

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

using namespace std::chrono_literals;

// A worker whose session appends (k, 'a') and (k, 'b') in one event, and reports.
constexpr const char* LEDGER = R"js(
export class Ledger {
  constructor(ctx) {
    this.ctx = ctx;
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS rows (k INTEGER, part TEXT)");
    this.sql.exec("CREATE TABLE IF NOT EXISTS counter (n INTEGER)");
  }
  async fetch(request) {
    const url = new URL(request.url);
    const k = url.searchParams.get("k");
    if (url.pathname === "/write") {
      this.sql.exec("INSERT INTO rows VALUES (?, 'a')", Number(k));
      await new Promise((resolve) => setTimeout(resolve, 1));
      this.sql.exec("INSERT INTO rows VALUES (?, 'b')", Number(k));
      return new Response("ok " + k);
    }
    if (url.pathname === "/increment") {
      const row = this.sql.exec("SELECT n FROM counter").toArray()[0];
      const n = (row ? row.n : 0) + 1;
      if (row) this.sql.exec("UPDATE counter SET n = ?", n);
      else this.sql.exec("INSERT INTO counter VALUES (?)", n);
      return new Response(String(n));
    }
    if (url.pathname === "/attach") {
      try { this.sql.exec("ATTACH DATABASE '/etc/passwd' AS x"); return new Response("attached"); }
      catch (e) { return new Response(e.message, { status: 400 }); }
    }
    const rows = this.sql.exec("SELECT k, group_concat(part, '') AS parts FROM rows GROUP BY k")
        .toArray();
    return Response.json(rows);
  }
  // JS RPC: arguments and result cross hosts structured-cloned.
  async summary(label, extra) {
    const { n } = this.sql.exec("SELECT count(*) AS n FROM rows").one();
    return { label, rows: n, extra: extra instanceof Map ? [...extra] : null, when: new Date(0),
             name: this.ctx.id.name };
  }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.searchParams.get("session") ?? "main";
    const stub = env.LEDGER.get(env.LEDGER.idFromName(name));
    if (url.pathname === "/summary") {
      const s = await stub.summary("hi", new Map([[1, "one"]]));
      return Response.json({ ...s, isDate: s.when instanceof Date });
    }
    return stub.fetch(request);
  },
};
)js";

// `shoal serve` with the ledger deployable and reachable in one call each.
struct Platform : ServeProcess {
  using ServeProcess::ServeProcess;

  int deploy(const std::string& token, const std::string& worker, const std::string& source) {
    return deployJson(token, worker,
                      R"({"main_module":"index.js","sessions":{"LEDGER":"Ledger"},)"
                      R"("modules":{"index.js":)" + jsonString(source) + "}}");
  }

  HttpResponse get(const std::string& worker, const std::string& path) {
    return invoke(worker, path);
  }
};

TEST(Sessions, AThousandConcurrentIncrementsCountToExactlyAThousand) {
  Platform platform(makeTempDir());
  auto token = platform.tenant("acme");
  ASSERT_EQ(platform.deploy(token, "ledger", LEDGER), 201) << platform.process.output();
  std::mutex mutex;
  std::set<int> seen;
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 50; ++t) {
    clients.emplace_back([&]() {
      for (int i = 0; i < 20; ++i) {
        auto response = platform.get("ledger", "/increment");
        if (response.status != 200) {
          ++failures;
          continue;
        }
        std::lock_guard<std::mutex> lock(mutex);
        seen.insert(std::stoi(response.body));
      }
    });
  }
  for (auto& client: clients) client.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(seen.size(), 1000u);  // every answer distinct...
  EXPECT_EQ(*seen.rbegin(), 1000);  // ...and the last is exactly 1,000
}

// Bodies stream to and from a session on its host, at the reader's pace: 96 MiB each way
// through isolates of 32 MiB.
TEST(Sessions, BodiesStreamToAndFromASession) {
  Platform platform(makeTempDir());
  auto token = platform.tenant("acme");
  constexpr const char* STORE = R"js(
export class Store {
  async fetch(request) {
    if (new URL(request.url).pathname === "/count") {
      let bytes = 0;
      for await (const chunk of request.body) bytes += chunk.length;
      return new Response(String(bytes));
    }
    let sent = 0;
    return new Response(new ReadableStream({
      pull(controller) {
        if (sent === 96) return controller.close();
        controller.enqueue(new Uint8Array(1 << 20).fill(++sent));
      },
    }));
  }
}
export default {
  fetch(request, env) { return env.STORE.get(env.STORE.idFromName("one")).fetch(request); },
};
)js";
  ASSERT_EQ(platform.deployJson(token, "store",
                                R"({"main_module":"index.js","sessions":{"STORE":"Store"},)"
                                R"("limits":{"memory_mib":32},"modules":{"index.js":)" +
                                    jsonString(STORE) + "}}"),
            201);
  std::string upload(96 << 20, 'u');
  auto counted = httpRequest(platform.port, "POST", "/count",
                             {{"Host", "store.localhost:" + std::to_string(platform.port)}},
                             upload);
  EXPECT_EQ(counted.body, std::to_string(upload.size()));
  auto download = platform.get("store", "/download");
  EXPECT_EQ(download.status, 200);
  ASSERT_EQ(download.body.size(), size_t(96) << 20);
  EXPECT_EQ(download.body[0], '\x01');
  EXPECT_EQ(download.body.back(), '\x60');
}

TEST(Sessions, SessionsArePlacedByIdAcrossHosts) {
  Platform platform(makeTempDir());
  auto token = platform.tenant("acme");
  ASSERT_EQ(platform.deploy(token, "ledger", LEDGER), 201);
  // One worker, many sessions: they spread over both hosts, and each keeps its data.
  for (int i = 0; i < 24; ++i) {
    auto path = "/write?k=" + std::to_string(i) + "&session=s" + std::to_string(i);
    ASSERT_EQ(platform.get("ledger", path).status, 200) << platform.get("ledger", path).body;
  }
  for (int i = 0; i < 24; ++i) {
    EXPECT_EQ(platform.get("ledger", "/?session=s" + std::to_string(i)).body,
              "[{\"k\":" + std::to_string(i) + ",\"parts\":\"ab\"}]");
  }
  // RPC methods reach the session on its host, arguments and result cloned both ways.
  EXPECT_EQ(platform.get("ledger", "/summary?session=s3").body,
            R"({"label":"hi","rows":2,"extra":[[1,"one"]],"when":"1970-01-01T00:00:00.000Z",)"
            R"("name":"s3","isDate":true})");
  auto metrics = platform.control("GET", "/metrics", "");
  for (int host = 0; host < 2; ++host) {
    auto live = capture(metrics.body,
                        "shoal_live_isolates\\{host=\"" + std::to_string(host) + "\"\\} (\\d+)");
    EXPECT_GE(std::stoi("0" + live), 1) << "host " << host << " runs none of the sessions\n"
                                        << metrics.body;
  }
}

TEST(Sessions, AlarmsFireOnTheSessionsOwnHost) {
  Platform platform(makeTempDir());
  auto token = platform.tenant("acme");
  const char* alarmed = R"js(
export class Ledger {
  constructor(ctx) { this.ctx = ctx; }
  async fetch(request) {
    if (new URL(request.url).pathname === "/arm") {
      await this.ctx.storage.setAlarm(Date.now() + 100);
      return new Response("armed");
    }
    return new Response(String((await this.ctx.storage.get("fired")) ?? 0));
  }
  async alarm() { await this.ctx.storage.put("fired", ((await this.ctx.storage.get("fired")) ?? 0) + 1); }
}
export default {
  fetch(request, env) {
    const name = new URL(request.url).searchParams.get("session");
    return env.LEDGER.get(env.LEDGER.idFromName(name)).fetch(request);
  },
};
)js";
  ASSERT_EQ(platform.deploy(token, "alarms", alarmed), 201);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(platform.get("alarms", "/arm?session=a" + std::to_string(i)).body, "armed");
  }
  std::this_thread::sleep_for(600ms);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(platform.get("alarms", "/?session=a" + std::to_string(i)).body, "1") << i;
  }
}

TEST(Sessions, SessionsAndWorkersNeverSeeEachOthersData) {
  Platform platform(makeTempDir());
  auto token = platform.tenant("acme");
  ASSERT_EQ(platform.deploy(token, "left", LEDGER), 201);
  ASSERT_EQ(platform.deploy(token, "right", LEDGER), 201);
  EXPECT_EQ(platform.get("left", "/write?k=1&session=a").status, 200);
  EXPECT_EQ(platform.get("left", "/write?k=2&session=b").status, 200);
  EXPECT_EQ(platform.get("right", "/write?k=3&session=a").status, 200);
  EXPECT_EQ(platform.get("left", "/?session=a").body, R"([{"k":1,"parts":"ab"}])");
  EXPECT_EQ(platform.get("left", "/?session=b").body, R"([{"k":2,"parts":"ab"}])");
  EXPECT_EQ(platform.get("right", "/?session=a").body, R"([{"k":3,"parts":"ab"}])");
  auto attach = platform.get("left", "/attach");
  EXPECT_EQ(attach.status, 400);
  EXPECT_NE(attach.body.find("ATTACH and DETACH are not allowed"), std::string::npos)
      << attach.body;
}

// A host can write only beneath its DATA/hosts/<i>/sessions once locked down
// (runtime/sandbox.h); SQLite spills big sorts and temporary tables to files, which must go
// there too.
TEST(Sessions, BigSortsAndTemporaryTablesSpillToFilesInALockedDownHost) {
  Platform platform(makeTempDir(), 1, {"--cpu-limit-ms", "2000"});  // megabytes of SQL
  auto token = platform.tenant("acme");
  const char* spill = R"js(
export class Ledger {
  constructor(ctx) { this.sql = ctx.storage.sql; }
  fetch() {
    const n = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)";
    // About 3 MB to sort and 6 MB of temporary table: past SQLite's 2 MB in memory.
    const sorted = this.sql.exec(n + " SELECT i FROM n ORDER BY randomblob(1000) || i").toArray();
    this.sql.exec("CREATE TEMP TABLE IF NOT EXISTS scratch (v BLOB)");
    this.sql.exec(n + " INSERT INTO scratch SELECT randomblob(2000) FROM n");
    const { rows } = this.sql.exec("SELECT count(*) AS rows FROM scratch").one();
    return new Response(sorted.length + " " + rows);
  }
}
export default {
  fetch(request, env) { return env.LEDGER.get(env.LEDGER.idFromName("s")).fetch(request); },
};
)js";
  ASSERT_EQ(platform.deploy(token, "spill", spill), 201);
  auto response = platform.get("spill", "/");
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "3000 3000");
}

// Writes k = 1, 2, ... until stopped, counting acknowledgements in `count`; returns the
// acknowledged ks.
std::set<int> writeUntil(Platform& platform, std::atomic<bool>& stop, std::atomic<int>& count) {
  std::set<int> acknowledged;
  for (int k = 1; !stop; ++k) {
    auto response = platform.get("ledger", "/write?k=" + std::to_string(k));
    if (response.status == 200 && response.body == "ok " + std::to_string(k)) {
      acknowledged.insert(k);
      ++count;
    }
  }
  return acknowledged;
}

// Until `count` reaches `n` (by the clock: a loaded machine starts the worker slowly).
void waitForAcknowledgements(std::atomic<int>& count, int n) {
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (count < n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_GE(count.load(), n) << "the writes were not acknowledged within 30 s";
}

// Every acknowledged k is stored whole ("ab"), and nothing is stored half.
void expectLedgerHolds(Platform& platform, const std::set<int>& acknowledged) {
  HttpResponse rows;
  for (int attempt = 0; attempt < 100; ++attempt) {
    rows = platform.get("ledger", "/");
    if (rows.status == 200) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(rows.status, 200) << rows.body;
  std::set<int> stored;
  std::regex row(R"re(\{"k":(\d+),"parts":"([ab]+)"\})re");
  for (auto it = std::sregex_iterator(rows.body.begin(), rows.body.end(), row);
       it != std::sregex_iterator(); ++it) {
    EXPECT_EQ((*it)[2], "ab") << "k=" << (*it)[1] << " was half-applied";
    stored.insert(std::stoi((*it)[1]));
  }
  for (int k: acknowledged) EXPECT_TRUE(stored.count(k)) << "acknowledged write " << k << " lost";
  EXPECT_GT(acknowledged.size(), 5u);
}

TEST(Sessions, AcknowledgedWritesSurviveKillingTheHost) {
  Platform platform(makeTempDir());
  auto token = platform.tenant("acme");
  ASSERT_EQ(platform.deploy(token, "ledger", LEDGER), 201);
  std::atomic<bool> stop{false};
  std::atomic<int> count{0};
  std::set<int> acknowledged;
  std::thread writer([&]() { acknowledged = writeUntil(platform, stop, count); });
  waitForAcknowledgements(count, 10);
  for (pid_t host: childProcesses(platform.process.pid())) kill(host, SIGKILL);
  std::this_thread::sleep_for(700ms);
  stop = true;
  writer.join();
  expectLedgerHolds(platform, acknowledged);
}

TEST(Sessions, AcknowledgedWritesSurviveKillingTheWholePlatform) {
  auto data = makeTempDir();
  std::set<int> acknowledged;
  {
    Platform platform(data);
    auto token = platform.tenant("acme");
    ASSERT_EQ(platform.deploy(token, "ledger", LEDGER), 201);
    std::atomic<bool> stop{false};
    std::atomic<int> count{0};
    std::thread writer([&]() { acknowledged = writeUntil(platform, stop, count); });
    waitForAcknowledgements(count, 10);
    auto hosts = childProcesses(platform.process.pid());
    kill(platform.process.pid(), SIGKILL);
    for (pid_t host: hosts) kill(host, SIGKILL);
    stop = true;
    writer.join();
  }
  Platform again(data);
  expectLedgerHolds(again, acknowledged);
}

// The session databases of worker `worker` in each host's folder: host number -> file names.
std::map<int, std::set<std::string>> databasesByHost(const std::string& data,
                                                     const std::string& worker) {
  namespace fs = std::filesystem;
  std::map<int, std::set<std::string>> out;
  if (!fs::exists(data + "/hosts")) return out;
  for (auto& host: fs::directory_iterator(data + "/hosts")) {
    auto sessions = host.path() / "sessions" / worker / "LEDGER";
    if (!host.is_directory() || !fs::exists(sessions)) continue;
    for (auto& file: fs::directory_iterator(sessions)) {
      auto name = file.path().filename().string();
      if (name.size() > 7 && name.substr(name.size() - 7) == ".sqlite") {
        out[std::stoi(host.path().filename().string())].insert(name);
      }
    }
  }
  return out;
}

// Every host process runs with a folder of its own (--data DATA/hosts/<i>), and every
// session database it has open is in that folder. Returns the host numbers seen.
std::set<int> expectHostsKeepToTheirFolders(Platform& platform, const std::string& data) {
  char real[PATH_MAX];
  EXPECT_NE(realpath(data.c_str(), real), nullptr);
  std::set<int> numbers;
  for (pid_t host: childProcesses(platform.process.pid())) {
    auto proc = "/proc/" + std::to_string(host);
    auto cmdline = readFile(proc + "/cmdline");
    std::vector<std::string> args;
    for (size_t at = 0; at < cmdline.size(); at = cmdline.find('\0', at) + 1) {
      args.push_back(cmdline.c_str() + at);
    }
    std::string folder;
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "--data") folder = args[i + 1];
    }
    std::string prefix = std::string(real) + "/hosts/";
    EXPECT_EQ(folder.substr(0, prefix.size()), prefix) << cmdline;
    if (folder.size() <= prefix.size()) continue;
    int number = std::stoi(folder.substr(prefix.size()));
    EXPECT_TRUE(numbers.insert(number).second) << "two hosts run with " << folder;
    for (auto& fd: std::filesystem::directory_iterator(proc + "/fd")) {
      std::error_code error;
      auto target = std::filesystem::read_symlink(fd.path(), error).string();
      if (target.find(".sqlite") == std::string::npos) continue;
      EXPECT_EQ(target.substr(0, folder.size() + 1), folder + "/")
          << "host " << number << " has another's database open";
    }
  }
  return numbers;
}

// Writes to the ledger of each session, and checks each reads back.
void writeSessions(Platform& platform, int count) {
  for (int i = 0; i < count; ++i) {
    auto path = "/write?k=" + std::to_string(i) + "&session=s" + std::to_string(i);
    ASSERT_EQ(platform.get("ledger", path).status, 200);
  }
}
void expectSessionsReadBack(Platform& platform, int count) {
  for (int i = 0; i < count; ++i) {
    EXPECT_EQ(platform.get("ledger", "/?session=s" + std::to_string(i)).body,
              "[{\"k\":" + std::to_string(i) + ",\"parts\":\"ab\"}]")
        << "session s" << i;
  }
}

// Each database in exactly one host folder, `count` in all, on `hosts` hosts.
void expectEachDatabaseOnce(const std::string& data, int count, int hosts) {
  auto byHost = databasesByHost(data, "ledger");
  std::set<std::string> all;
  size_t total = 0;
  for (auto& [host, files]: byHost) {
    EXPECT_LT(host, hosts) << "a database is left in the folder of host " << host;
    total += files.size();
    all.insert(files.begin(), files.end());
  }
  EXPECT_EQ(total, size_t(count));
  EXPECT_EQ(all.size(), size_t(count)) << "a database is in two host folders";
  EXPECT_EQ(byHost.size(), size_t(hosts)) << "some host holds none of the sessions";
  EXPECT_FALSE(std::filesystem::exists(data + "/sessions"));
}

// Each host keeps its sessions in a folder of its own; when the number of hosts changes, the
// front end moves each database to the folder of the host it is now placed on.
TEST(Sessions, EachHostKeepsItsSessionsInItsOwnFolderAcrossHostCounts) {
  auto data = makeTempDir();
  constexpr int COUNT = 24;
  {
    Platform platform(data);
    auto token = platform.tenant("acme");
    ASSERT_EQ(platform.deploy(token, "ledger", LEDGER), 201);
    writeSessions(platform, COUNT);
    expectEachDatabaseOnce(data, COUNT, 2);
    EXPECT_EQ(expectHostsKeepToTheirFolders(platform, data), (std::set<int>{0, 1}));
  }
  for (int hosts: {3, 1, 2}) {
    Platform platform(data, hosts);
    expectSessionsReadBack(platform, COUNT);
    expectEachDatabaseOnce(data, COUNT, hosts);
    EXPECT_EQ(expectHostsKeepToTheirFolders(platform, data).size(), size_t(hosts));
    EXPECT_NE(platform.process.output().find("sessions to the folders of their hosts"),
              std::string::npos)
        << platform.process.output();
  }
}

// Before hosts had folders of their own, all kept their sessions in DATA/sessions.
TEST(Sessions, SessionsInTheOldSharedFolderAreMovedToTheirHosts) {
  namespace fs = std::filesystem;
  auto data = makeTempDir();
  constexpr int COUNT = 12;
  {
    Platform platform(data);
    auto token = platform.tenant("acme");
    ASSERT_EQ(platform.deploy(token, "ledger", LEDGER), 201);
    writeSessions(platform, COUNT);
  }
  // Back to the old layout: every host's files in DATA/sessions/WORKER/BINDING.
  auto old = data + "/sessions/ledger/LEDGER";
  fs::create_directories(old);
  for (auto& [host, files]: databasesByHost(data, "ledger")) {
    auto folder = data + "/hosts/" + std::to_string(host) + "/sessions/ledger/LEDGER";
    for (auto& file: fs::directory_iterator(folder)) {
      fs::rename(file.path(), old + "/" + file.path().filename().string());
    }
  }
  fs::remove_all(data + "/hosts");
  ASSERT_EQ(databasesByHost(data, "ledger").size(), 0u);
  Platform platform(data);
  expectSessionsReadBack(platform, COUNT);
  expectEachDatabaseOnce(data, COUNT, 2);
}

// Alarms set before a restart fire after it without waiting for a request, also when the
// sessions moved host: the front end loads the worker where the alarm index says.
TEST(Sessions, AlarmsFireAfterARestartOnTheHostsTheSessionsMovedTo) {
  auto data = makeTempDir();
  const char* alarmed = R"js(
export class Ledger {
  constructor(ctx) { this.ctx = ctx; }
  async fetch(request) {
    if (new URL(request.url).pathname === "/arm") {
      await this.ctx.storage.setAlarm(Date.now() + 1500);
      return new Response("armed");
    }
    const fired = (await this.ctx.storage.get("fired")) ?? [];
    return new Response(fired.join(","));
  }
  async alarm() {
    const fired = (await this.ctx.storage.get("fired")) ?? [];
    await this.ctx.storage.put("fired", [...fired, Date.now()]);
  }
}
export default {
  fetch(request, env) {
    const name = new URL(request.url).searchParams.get("session");
    return env.LEDGER.get(env.LEDGER.idFromName(name)).fetch(request);
  },
};
)js";
  auto armed = std::chrono::steady_clock::now();
  {
    Platform platform(data);
    auto token = platform.tenant("acme");
    ASSERT_EQ(platform.deploy(token, "alarms", alarmed), 201);
    armed = std::chrono::steady_clock::now();
    for (int i = 0; i < 6; ++i) {
      EXPECT_EQ(platform.get("alarms", "/arm?session=a" + std::to_string(i)).body, "armed");
    }
  }
  auto stopped = std::chrono::system_clock::now();
  ASSERT_LT(std::chrono::steady_clock::now() - armed, 1500ms) << "too slow to stop in time";
  std::this_thread::sleep_for(1500ms);  // due while nothing runs
  Platform platform(data, 3);
  std::this_thread::sleep_for(1500ms);
  auto stoppedMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                       stopped.time_since_epoch())
                       .count();
  for (int i = 0; i < 6; ++i) {
    auto fired = platform.get("alarms", "/?session=a" + std::to_string(i)).body;
    ASSERT_FALSE(fired.empty()) << "a" << i << " did not fire before it was asked";
    ASSERT_EQ(fired.find(','), std::string::npos) << fired;
    EXPECT_GE(std::stoll(fired), stoppedMs) << "a" << i;
  }
}

TEST(Sessions, AgentMemoryExampleRemembersAcrossDevRestarts) {
  auto persist = makeTempDir();
  for (int round = 0; round < 2; ++round) {
    ShoalProcess dev({"dev", "--port", "0", "--persist", persist, "examples/agent-memory"});
    int port = dev.waitForPort();
    ASSERT_GT(port, 0) << dev.output();
    if (round == 0) {
      EXPECT_EQ(httpRequest(port, "POST", "/chat/ada", {}, R"({"text":"I like herring"})").status,
                200);
      httpRequest(port, "POST", "/chat/ada", {}, R"({"text":"the sea is cold today"})");
      httpRequest(port, "POST", "/chat/bob", {}, R"({"text":"herring is not my thing"})");
    }
    auto about = httpRequest(port, "GET", "/chat/ada?about=herring");
    EXPECT_EQ(about.body, R"({"about":"herring","turns":["I like herring"]})") << round;
    auto all = httpRequest(port, "GET", "/chat/ada");
    EXPECT_EQ(all.body, R"({"about":null,"turns":["I like herring","the sea is cold today"]})");
  }
}

}  // namespace
}  // namespace shoal::testing
