// `shoal serve` as an operator runs it: real front end, real host processes over Cap'n
// Proto RPC, a real SQLite data folder, the control API and invocations over real HTTP.

#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

using Serve = ServeProcess;

std::string replyWith(const std::string& text) {
  return "export default { fetch() { return new Response(" + text + "); } };";
}

TEST(Serve, DeployInvokeRedeployRollbackDelete) {
  auto data = makeTempDir();
  Serve serve(data);
  ASSERT_GT(serve.port, 0) << serve.process.output();
  ASSERT_FALSE(serve.adminToken.empty()) << serve.process.output();
  auto acme = serve.tenant("acme");
  auto globex = serve.tenant("globex");
  ASSERT_FALSE(acme.empty());
  ASSERT_FALSE(globex.empty());

  // Three workers, two tenants, three upload formats.
  auto one = serve.control("PUT", "/workers/one", acme, replyWith("'one v1'"));
  EXPECT_EQ(one.status, 201) << one.body;
  EXPECT_NE(one.body.find("\"version\":\"v1\""), std::string::npos) << one.body;
  EXPECT_NE(one.body.find("http://one.localhost:" + std::to_string(serve.port) + "/"),
            std::string::npos)
      << one.body;
  auto two = serve.control(
      "PUT", "/workers/two", acme,
      R"({"main_module":"main.js","modules":{"main.js":"import {x} from './lib/x.js';
export default { fetch(r, env) { return new Response(x + env.GREETING + env.KEY); } };",
"lib/x.js":"export const x = 'two:';"},"vars":{"GREETING":"hi"},"secrets":{"KEY":"!"}})",
      "application/json");
  EXPECT_EQ(two.status, 201) << two.body;
  std::string boundary = "XyZ";
  std::string multipart =
      "--XyZ\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n"
      "{\"main_module\":\"index.js\"}\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"index.js\"; filename=\"index.js\"\r\n\r\n" +
      replyWith("'three'") + "\r\n--XyZ--\r\n";
  auto three = serve.control("PUT", "/workers/three", globex, multipart,
                             "multipart/form-data; boundary=XyZ");
  EXPECT_EQ(three.status, 201) << three.body;

  EXPECT_EQ(serve.invoke("one").body, "one v1");
  EXPECT_EQ(serve.invoke("two").body, "two:hi!");
  EXPECT_EQ(serve.invoke("three").body, "three");
  // Two Host headers name no single worker.
  auto twoHosts = httpRequest(serve.port, "GET", "/",
                              {{"Host", "one.localhost"}, {"Host", "two.localhost"}});
  EXPECT_EQ(twoHosts.status, 404);
  auto unknown = serve.invoke("nobody");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("No worker named 'nobody'"), std::string::npos);

  // Redeploy under load: every request succeeds, on one version or the other.
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, bad{0};
  std::vector<std::thread> load;
  for (int i = 0; i < 8; ++i) {
    load.emplace_back([&]() {
      while (!stop) {
        auto body = serve.invoke("one").body;
        (body == "one v1" || body == "one v2" ? ok : bad)++;
      }
    });
  }
  std::this_thread::sleep_for(100ms);
  auto redeploy = serve.control("PUT", "/workers/one", acme, replyWith("'one v2'"));
  EXPECT_EQ(redeploy.status, 201) << redeploy.body;
  std::this_thread::sleep_for(100ms);
  stop = true;
  for (auto& t: load) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(ok.load(), 10);
  EXPECT_EQ(serve.invoke("one").body, "one v2");

  // Versions, rollback, delete.
  auto versions = serve.control("GET", "/workers/one", acme);
  EXPECT_NE(versions.body.find("\"live_version\":\"v2\""), std::string::npos) << versions.body;
  EXPECT_NE(versions.body.find("\"id\":\"v1\""), std::string::npos) << versions.body;
  auto rollback = serve.control("POST", "/workers/one/rollback", acme, R"({"version":"v1"})",
                                "application/json");
  EXPECT_EQ(rollback.status, 200) << rollback.body;
  EXPECT_EQ(serve.invoke("one").body, "one v1");
  EXPECT_EQ(serve.control("POST", "/workers/one/rollback", acme, R"({"version":"v9"})",
                          "application/json").status,
            404);
  EXPECT_EQ(serve.invoke("one").body, "one v1");

  EXPECT_EQ(serve.control("DELETE", "/workers/two", acme).status, 200);
  EXPECT_EQ(serve.invoke("two").status, 404);

  // Oversized headers are refused by the front end, and counted there.
  auto tooBig = httpRequest(serve.port, "GET", "/",
                            {{"Host", "one.localhost"}, {"X-Big", std::string(40 * 1024, 'a')}});
  EXPECT_EQ(tooBig.status, 431);

  auto metrics = serve.control("GET", "/metrics", "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("shoal_limit_exceeded_total{limit=\"request_headers\"} 1\n"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("shoal_requests_total{host=\"0\"}"), std::string::npos);
  EXPECT_NE(metrics.body.find("shoal_live_isolates{host=\"1\"}"), std::string::npos);
  EXPECT_NE(metrics.body.find("shoal_request_duration_seconds_bucket"), std::string::npos);
}

TEST(Serve, BigBodiesStreamBothWaysOverTheRpc) {
  // Summing 3 MB on a cold isolate takes 30-45 ms of CPU: bodies, not limits, are tested.
  Serve serve(makeTempDir(), 2, {"--cpu-limit-ms", "1000"});
  auto acme = serve.tenant("acme");
  ASSERT_EQ(serve.control("PUT", "/workers/big", acme, R"(export default {
    async fetch(request) {
      const bytes = new Uint8Array(await request.arrayBuffer());
      let sum = 0;
      for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]) % 65521;
      const size = Number(new URL(request.url).searchParams.get("reply"));
      return new Response(new Uint8Array(size).fill(121),
                          { headers: { "x-sum": String(sum), "x-size": String(bytes.length) } });
    } };)").status, 201);

  // 3 MB up (streamed: over the inline limit) and 8 MB down (streamed back).
  std::string body(3 << 20, '\0');
  unsigned sum = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    body[i] = char(i * 13);
    sum = (sum + static_cast<unsigned char>(body[i])) % 65521;
  }
  auto response = httpRequest(serve.port, "POST", "/?reply=" + std::to_string(8 << 20),
                              {{"Host", "big.localhost"}}, body);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers["x-size"], std::to_string(3 << 20));
  EXPECT_EQ(response.headers["x-sum"], std::to_string(sum));
  EXPECT_EQ(response.body, std::string(8 << 20, 'y'));

  // Small both ways stays inline, and a body over the limit is refused.
  auto small = httpRequest(serve.port, "POST", "/?reply=3", {{"Host", "big.localhost"}}, "abc");
  EXPECT_EQ(small.body, "yyy");
  EXPECT_EQ(small.headers["x-size"], "3");
}

TEST(Serve, TenantsSeeAndChangeOnlyTheirOwnWorkers) {
  Serve serve(makeTempDir());
  auto acme = serve.tenant("acme");
  auto globex = serve.tenant("globex");
  ASSERT_EQ(serve.control("PUT", "/workers/secret", acme, replyWith("'acme data'")).status, 201);

  EXPECT_EQ(serve.control("GET", "/workers", globex).body.find("secret"), std::string::npos);
  EXPECT_NE(serve.control("GET", "/workers", acme).body.find("secret"), std::string::npos);
  EXPECT_EQ(serve.control("GET", "/workers/secret", globex).status, 404);
  auto takeover = serve.control("PUT", "/workers/secret", globex, replyWith("'stolen'"));
  EXPECT_EQ(takeover.status, 403);
  EXPECT_NE(takeover.body.find("\"error\""), std::string::npos);
  EXPECT_EQ(serve.control("DELETE", "/workers/secret", globex).status, 404);
  EXPECT_EQ(serve.control("POST", "/workers/secret/rollback", globex, R"({"version":"v1"})",
                          "application/json").status,
            404);
  EXPECT_EQ(serve.control("POST", "/tenants", acme, R"({"name":"evil"})", "application/json")
                .status,
            403);

  // No token, a wrong one: 401 with a JSON error, nothing changed.
  auto missing = serve.control("PUT", "/workers/secret", "", replyWith("'x'"));
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.headers["content-type"], "application/json");
  EXPECT_EQ(serve.control("DELETE", "/workers/secret", "shoal_0000").status, 401);
  EXPECT_EQ(serve.invoke("secret").body, "acme data");
}

TEST(Serve, BadUploadsAreClear4xxAndTheOldVersionKeepsServing) {
  Serve serve(makeTempDir());
  auto acme = serve.tenant("acme");
  ASSERT_EQ(serve.control("PUT", "/workers/app", acme, replyWith("'good'")).status, 201);

  auto syntax = serve.control("PUT", "/workers/app", acme,
                              "export default {\n  fetch() { return 1 +; }\n};");
  EXPECT_EQ(syntax.status, 400);
  EXPECT_NE(syntax.body.find("worker.js:2:23: SyntaxError: Unexpected token ';'"),
            std::string::npos)
      << syntax.body;

  auto noHandler = serve.control("PUT", "/workers/app", acme, "export default {};");
  EXPECT_EQ(noHandler.status, 400);
  EXPECT_NE(noHandler.body.find("no fetch handler"), std::string::npos) << noHandler.body;

  auto empty = serve.control("PUT", "/workers/app", acme, "");
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("empty"), std::string::npos) << empty.body;

  auto huge = serve.control("PUT", "/workers/app", acme, std::string(50 << 20, 'x'));
  EXPECT_EQ(huge.status, 413) << huge.body;

  auto missingMain = serve.control("PUT", "/workers/app", acme,
                                   R"({"main_module":"nope.js","modules":{"a.js":"1"}})",
                                   "application/json");
  EXPECT_EQ(missingMain.status, 400);
  EXPECT_NE(missingMain.body.find("nope.js"), std::string::npos) << missingMain.body;

  std::string badName = "--B\r\nContent-Disposition: form-data; name=\"x\"; filename=\"\xff\xfe.js\""
                        "\r\n\r\n1\r\n--B--\r\n";
  auto nonUtf8 = serve.control("PUT", "/workers/app", acme, badName,
                               "multipart/form-data; boundary=B");
  EXPECT_EQ(nonUtf8.status, 400);
  EXPECT_NE(nonUtf8.body.find("UTF-8"), std::string::npos) << nonUtf8.body;

  auto badJson = serve.control("PUT", "/workers/app", acme, "{", "application/json");
  EXPECT_EQ(badJson.status, 400);

  auto badWorkerName = serve.control("PUT", "/workers/Bad_Name", acme, replyWith("'x'"));
  EXPECT_EQ(badWorkerName.status, 400);

  EXPECT_EQ(serve.invoke("app").body, "good");
  auto versions = serve.control("GET", "/workers/app", acme);
  EXPECT_EQ(versions.body.find("\"v2\""), std::string::npos) << "a bad upload made a version";
}

TEST(Serve, KilledHostComesBackAndRequestsNeverHang) {
  Serve serve(makeTempDir());
  auto acme = serve.tenant("acme");
  for (auto name: {"a", "b", "c", "d"}) {
    ASSERT_EQ(serve.control("PUT", std::string("/workers/") + name, acme,
                            replyWith(std::string("'") + name + "'"))
                  .status,
              201);
  }
  auto hosts = childProcesses(serve.process.pid());
  ASSERT_EQ(hosts.size(), 2u);

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failedFast{0}, other{0};
  std::atomic<long> slowest{0};
  std::vector<std::thread> load;
  for (int i = 0; i < 4; ++i) {
    load.emplace_back([&, i]() {
      const char* names[] = {"a", "b", "c", "d"};
      while (!stop) {
        auto start = std::chrono::steady_clock::now();
        auto response = serve.invoke(names[i]);
        auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
        if (took > slowest) slowest = took;
        if (response.status == 200 && response.body == names[i]) {
          ++ok;
        } else if (response.status == 502 || response.status == 503) {
          ++failedFast;
        } else {
          ++other;
        }
      }
    });
  }
  std::this_thread::sleep_for(100ms);
  kill(hosts[0], SIGKILL);
  std::this_thread::sleep_for(1s);
  int okBefore = ok;
  std::this_thread::sleep_for(200ms);
  stop = true;
  for (auto& t: load) t.join();

  EXPECT_EQ(other.load(), 0);
  EXPECT_LT(slowest.load(), 2000) << "a request hung while its host was down";
  EXPECT_GT(ok.load(), okBefore) << "requests did not succeed again after the restart";
  // Within a second of the kill, every worker answers again.
  for (auto name: {"a", "b", "c", "d"}) EXPECT_EQ(serve.invoke(name).body, name);
  EXPECT_TRUE(serve.process.waitForOutput("host 0 is back") ||
              serve.process.waitForOutput("host 1 is back"))
      << serve.process.output();
  auto after = childProcesses(serve.process.pid());
  EXPECT_EQ(after.size(), 2u);
  std::printf("while a host was killed: %d ok, %d failed fast (502/503), slowest %ld ms\n",
              ok.load(), failedFast.load(), slowest.load());
}

TEST(Serve, RestartServesEverythingFromTheDataFolder) {
  auto data = makeTempDir();
  std::string acme;
  {
    Serve serve(data);
    acme = serve.tenant("acme");
    ASSERT_EQ(serve.control("PUT", "/workers/keep", acme, replyWith("'v1'")).status, 201);
    ASSERT_EQ(serve.control("PUT", "/workers/keep", acme, replyWith("'v2'")).status, 201);
    ASSERT_EQ(serve.control("POST", "/workers/keep/rollback", acme, R"({"version":"v1"})",
                            "application/json").status,
              200);
  }
  Serve again(data);
  EXPECT_TRUE(again.adminToken.empty()) << "the admin token is shown only on the first start";
  EXPECT_EQ(again.invoke("keep").body, "v1");
  auto versions = again.control("GET", "/workers/keep", acme);
  EXPECT_EQ(versions.status, 200) << "the tenant token must survive a restart";
  EXPECT_NE(versions.body.find("\"v2\""), std::string::npos);
}

TEST(Serve, UsesAHostStartedElsewhereOverTcp) {
  ShoalProcess remote({"host", "--listen", "tcp:127.0.0.1:0"});
  ASSERT_TRUE(remote.waitForOutput("listening on tcp:")) << remote.output();
  auto address = capture(remote.output(), R"(listening on (tcp:127\.0\.0\.1:\d+))");
  ShoalProcess serve({"serve", "--hosts", "1", "--host", address, "--port", "0",
                      "--control-port", "0", "--data", makeTempDir()});
  ASSERT_TRUE(serve.waitForOutput("control API on")) << serve.output();
  EXPECT_TRUE(serve.waitForOutput("2 isolate hosts")) << serve.output();
  auto out = serve.output();
  int port = std::stoi(capture(out, R"(workers on http://localhost:(\d+)/)"));
  int controlPort = std::stoi(capture(out, R"(control API on http://localhost:(\d+)/)"));
  auto admin = capture(out, R"(admin token[^:]*: (shoal_[0-9a-f]+))");
  auto tenant = httpRequest(controlPort, "POST", "/tenants",
                            {{"Authorization", "Bearer " + admin}}, R"({"name":"acme"})");
  auto token = capture(tenant.body, R"re("token":"(shoal_[0-9a-f]+)")re");
  // Enough workers that consistent hashing puts some on each host.
  for (int i = 0; i < 12; ++i) {
    auto name = "w" + std::to_string(i);
    ASSERT_EQ(httpRequest(controlPort, "PUT", "/workers/" + name,
                          {{"Authorization", "Bearer " + token}}, replyWith("'" + name + "'"))
                  .status,
              201);
    EXPECT_EQ(httpRequest(port, "GET", "/", {{"Host", name + ".localhost"}}).body, name);
  }
  auto metrics = httpRequest(controlPort, "GET", "/metrics");
  auto remoteRequests = capture(metrics.body, R"(shoal_requests_total\{host="1"\} (\d+))");
  EXPECT_GT(std::stoi("0" + remoteRequests), 0) << metrics.body;
}

TEST(Serve, AMemoryBudgetEvictsIdleIsolatesAndTheyComeBack) {
  ServeProcess serve(makeTempDir(), 1, {"--isolate-memory-budget", "24"});
  auto acme = serve.tenant("acme");
  for (int i = 0; i < 40; ++i) {
    auto name = "e" + std::to_string(i);
    ASSERT_EQ(serve.control("PUT", "/workers/" + name, acme,
                            replyWith("'" + name + "'")).status,
              201);
  }
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 40; ++i) {
      auto name = "e" + std::to_string(i);
      EXPECT_EQ(serve.invoke(name).body, name);
    }
  }
  auto metrics = serve.control("GET", "/metrics", "");
  auto live = std::stoi("0" + capture(metrics.body, R"(shoal_live_isolates\{host="0"\} (\d+))"));
  auto evicted =
      std::stoi("0" + capture(metrics.body, R"(shoal_isolate_evictions_total\{host="0"\} (\d+))"));
  EXPECT_GT(evicted, 40) << metrics.body;
  EXPECT_LT(live, 30) << metrics.body;
  EXPECT_GT(live, 2) << metrics.body;
}

TEST(Serve, ManifestLimitsApplyPerWorker) {
  ServeProcess serve(makeTempDir(), 1);
  auto acme = serve.tenant("acme");
  // About 20-100 ms of CPU: within the default 50 ms on a quiet machine or not, but never
  // within 2 ms.
  std::string busy = "export default { fetch() { let x = 0;"
                     " for (let i = 0; i < 3e7; i++) x += i % 7; return new Response(String(x > 0)); } };";
  auto withLimits = [&](const std::string& limits) {
    return R"({"main_module":"index.js","limits":)" + limits + R"(,"modules":{"index.js":)" +
           jsonString(busy) + "}}";
  };
  ASSERT_EQ(serve.deployJson(acme, "tight", withLimits(R"({"cpu_ms":2})")), 201);
  ASSERT_EQ(serve.deployJson(acme, "roomy", withLimits(R"({"cpu_ms":5000,"memory_mib":64})")),
            201);
  auto stopped = serve.invoke("tight");
  EXPECT_EQ(stopped.body, "cpu_limit_exceeded");
  // Named in the log as the client was told.
  auto id = stopped.headers["shoal-request-id"];
  ASSERT_EQ(id.size(), 16u);
  EXPECT_TRUE(serve.process.waitForOutput("tight: cpu_limit_exceeded (request " + id + "): "))
      << serve.process.output();
  EXPECT_EQ(serve.invoke("roomy").body, "true");
  auto bad = serve.control("PUT", "/workers/bad", acme, withLimits(R"({"cpu_ms":999999})"),
                           "application/json");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("limits.cpu_ms"), std::string::npos) << bad.body;

  // Wall time: a worker waiting on something slow is cut off at its own limit.
  std::string waits = "export default { async fetch() {"
                      " await new Promise((done) => setTimeout(done, 5000));"
                      " return new Response('waited'); } };";
  ASSERT_EQ(serve.deployJson(acme, "impatient",
                             R"({"main_module":"index.js","limits":{"wall_ms":200},)"
                             R"("modules":{"index.js":)" + jsonString(waits) + "}}"),
            201);
  auto start = std::chrono::steady_clock::now();
  auto cut = serve.invoke("impatient");
  EXPECT_EQ(cut.status, 503);
  EXPECT_EQ(cut.body, "wall_time_limit_exceeded");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  auto tooLong = serve.control("PUT", "/workers/bad", acme,
                               withLimits(R"({"wall_ms":999999999})"), "application/json");
  EXPECT_EQ(tooLong.status, 400);
  EXPECT_NE(tooLong.body.find("limits.wall_ms"), std::string::npos) << tooLong.body;

  // Timers per request, and CPU time at start-up.
  std::string threeTimers = "export default { fetch() { for (let i = 0; i < 3; i++)"
                            " setTimeout(() => {}, 1000); return new Response('set'); } };";
  ASSERT_EQ(serve.deployJson(acme, "few-timers",
                             R"({"main_module":"index.js","limits":{"timers":2},)"
                             R"("modules":{"index.js":)" + jsonString(threeTimers) + "}}"),
            201);
  auto timers = serve.invoke("few-timers");
  EXPECT_EQ(timers.status, 503);
  EXPECT_EQ(timers.body, "timer_limit_exceeded");
  std::string slowStart = "let x = 0; for (let i = 0; i < 3e7; i++) x += i % 7;"
                          "export default { fetch() { return new Response(String(x)); } };";
  auto slow = serve.control("PUT", "/workers/slow-start", acme,
                            R"({"main_module":"index.js","limits":{"startup_cpu_ms":1},)"
                            R"("modules":{"index.js":)" + jsonString(slowStart) + "}}",
                            "application/json");
  EXPECT_EQ(slow.status, 400);
  EXPECT_NE(slow.body.find("cpu_limit_exceeded"), std::string::npos) << slow.body;
  auto noTimers = serve.control("PUT", "/workers/bad", acme, withLimits(R"({"timers":0})"),
                                "application/json");
  EXPECT_EQ(noTimers.status, 400);
  EXPECT_NE(noTimers.body.find("limits.timers"), std::string::npos) << noTimers.body;
}

TEST(Serve, CommandLineDeploysAndManagesWorkers) {
  auto data = makeTempDir();
  Serve serve(data);
  auto acme = serve.tenant("acme");
  auto dir = makeTempDir();
  writeFile(dir + "/index.js",
            "import { word } from './word.js';\n"
            "export default { fetch(r, env) { return new Response(word + env.MODE); } };\n");
  writeFile(dir + "/word.js", "export const word = 'folder:';\n");
  writeFile(dir + "/shoal.json", R"({"vars": {"MODE": "prod"}})");
  std::string url = "http://localhost:" + std::to_string(serve.controlPort);

  ShoalProcess deploy({"deploy", dir, "--name", "cli", "--url", url, "--token", acme});
  EXPECT_EQ(deploy.waitForExit(), 0) << deploy.output();
  EXPECT_NE(deploy.output().find("deployed cli v1"), std::string::npos)
      << deploy.output() << serve.process.output();
  EXPECT_EQ(serve.invoke("cli").body, "folder:prod");

  writeFile(dir + "/single.js", "export default { fetch( { return 1; } };\n");
  ShoalProcess bad({"deploy", dir + "/single.js", "--name", "cli", "--url", url, "--token", acme});
  EXPECT_EQ(bad.waitForExit(), 1);
  EXPECT_NE(bad.output().find("worker.js:1:"), std::string::npos) << bad.output();

  ShoalProcess list({"workers", "list", "--url", url, "--token", acme});
  EXPECT_EQ(list.waitForExit(), 0);
  EXPECT_NE(list.output().find("cli"), std::string::npos) << list.output();

  ShoalProcess remove({"workers", "delete", "cli", "--url", url, "--token", acme});
  EXPECT_EQ(remove.waitForExit(), 0) << remove.output();
  EXPECT_EQ(serve.invoke("cli").status, 404);

  ShoalProcess wrongToken({"workers", "list", "--url", url, "--token", "shoal_00"});
  EXPECT_EQ(wrongToken.waitForExit(), 1);
  EXPECT_NE(wrongToken.output().find("401"), std::string::npos) << wrongToken.output();
}

}  // namespace
}  // namespace shoal::testing
