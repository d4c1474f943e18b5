// `shoal dev` as a user runs it: a real process on a free port, real HTTP, real files.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/support/shoal-process.h"

namespace shoal::testing {
namespace {

using namespace std::chrono_literals;

// Starts `shoal dev` on `target` with `extraArgs`, waits until it listens.
struct DevServer {
  explicit DevServer(const std::string& target, std::vector<std::string> extraArgs = {})
      : process([&]() {
          std::vector<std::string> args = {"dev", "--port", "0"};
          args.insert(args.end(), extraArgs.begin(), extraArgs.end());
          args.push_back(target);
          return args;
        }()),
        port(process.waitForPort()) {}

  HttpResponse get(const std::string& path) { return httpRequest(port, "GET", path); }

  // Polls until GET `path` answers `body` (a reload landed); the time it took, or -1ms.
  std::chrono::milliseconds waitForBody(const std::string& path, const std::string& body) {
    auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < 10s) {
      if (get(path).body == body) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
      }
      std::this_thread::sleep_for(5ms);
    }
    return -1ms;
  }

  ShoalProcess process;
  int port;
};

std::string workerReturning(const std::string& text) {
  return "export default { fetch() { return new Response(" + text + "); } };\n";
}

TEST(DevServer, ServesTheHelloExample) {
  DevServer dev("examples/hello/worker.js");
  ASSERT_GT(dev.port, 0) << dev.process.output();
  auto response = dev.get("/greeting");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "Hello from shoal! You asked for /greeting\n");
  EXPECT_EQ(response.headers["content-type"], "text/plain;charset=UTF-8");
  // The worker's console line, with its name, and the request line.
  EXPECT_TRUE(dev.process.waitForOutput("[hello] hello from /greeting")) << dev.process.output();
  EXPECT_TRUE(dev.process.waitForOutput("GET /greeting 200 ")) << dev.process.output();
}

TEST(DevServer, PassesMethodUrlHeadersAndBodyBothWays) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", R"(export default { async fetch(request) {
    return new Response(JSON.stringify({
      method: request.method, url: request.url,
      custom: request.headers.get("x-custom"), body: await request.text() }), {
      status: 202, statusText: "Accepted Indeed",
      headers: { "x-reply": "yes", "set-cookie": "a=1" } }); } };)");
  DevServer dev(dir);
  auto response = httpRequest(dev.port, "PUT", "/items/7?x=1", {{"X-Custom", "value"}}, "data");
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(response.headers["x-reply"], "yes");
  EXPECT_EQ(response.headers["set-cookie"], "a=1");
  EXPECT_EQ(response.body,
            "{\"method\":\"PUT\",\"url\":\"http://localhost:" + std::to_string(dev.port) +
                "/items/7?x=1\",\"custom\":\"value\",\"body\":\"data\"}");
}

TEST(DevServer, CarriesAMegabyteEachWay) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", R"(export default { async fetch(request) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    let sum = 0;
    for (const b of bytes) sum = (sum + b) % 65521;
    const out = new Uint8Array(1 << 20).fill(120);
    return new Response(out, { headers: { "x-sum": String(sum), "x-size": String(bytes.length) } });
  } };)");
  // Summing a megabyte on a cold isolate takes tens of ms of CPU: bodies are tested here.
  DevServer dev(dir + "/worker.js", {"--cpu-limit-ms", "1000"});
  std::string big(1 << 20, '\0');
  unsigned sum = 0;
  for (size_t i = 0; i < big.size(); ++i) {
    big[i] = char(i * 7);
    sum = (sum + static_cast<unsigned char>(big[i])) % 65521;
  }
  auto response = httpRequest(dev.port, "POST", "/", {}, big);
  EXPECT_EQ(response.status, 200) << response.body.substr(0, 300) << dev.process.output();
  EXPECT_EQ(response.headers["x-size"], std::to_string(1 << 20));
  EXPECT_EQ(response.headers["x-sum"], std::to_string(sum));
  EXPECT_EQ(response.body, std::string(1 << 20, 'x'));
}

TEST(DevServer, Answers200ConcurrentRequests) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", R"(export default { async fetch(request) {
    const n = new URL(request.url).searchParams.get("n");
    await new Promise((resolve) => setTimeout(resolve, 20));
    return new Response("n=" + n); } };)");
  DevServer dev(dir + "/worker.js");
  std::atomic<int> correct{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 200; ++i) {
    clients.emplace_back([&, i]() {
      auto response = httpRequest(dev.port, "GET", "/?n=" + std::to_string(i));
      if (response.status == 200 && response.body == "n=" + std::to_string(i)) ++correct;
    });
  }
  for (auto& client: clients) client.join();
  EXPECT_EQ(correct.load(), 200);
}

TEST(DevServer, ReloadsWhenAFileChanges) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js",
            "import { word } from './word.js';\n" + workerReturning("word"));
  writeFile(dir + "/word.js", "export const word = 'first';\n");
  DevServer dev(dir + "/worker.js");
  EXPECT_EQ(dev.get("/").body, "first");

  writeFile(dir + "/word.js", "export const word = 'second';\n");
  auto took = dev.waitForBody("/", "second");
  EXPECT_GE(took.count(), 0) << "the change to an imported file was never served";
  std::printf("reload after an imported file changed was served after %lld ms\n",
              static_cast<long long>(took.count()));
  EXPECT_TRUE(dev.process.waitForOutput("reloaded")) << dev.process.output();

  // Editors often save by renaming a new file over the old one.
  writeFile(dir + "/word.js.tmp", "export const word = 'third';\n");
  std::rename((dir + "/word.js.tmp").c_str(), (dir + "/word.js").c_str());
  EXPECT_GE(dev.waitForBody("/", "third").count(), 0);
}

TEST(DevServer, SyntaxErrorIsShownAndTheServerRecovers) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", workerReturning("'good'"));
  DevServer dev(dir + "/worker.js");
  EXPECT_EQ(dev.get("/").body, "good");

  writeFile(dir + "/worker.js", "export default {\n  fetch() { return new Response('x' +); }\n};\n");
  std::string expected = dir + "/worker.js:2:38: SyntaxError: Unexpected token ')'";
  auto start = std::chrono::steady_clock::now();
  HttpResponse response;
  while (std::chrono::steady_clock::now() - start < 10s) {
    response = dev.get("/");
    if (response.status == 500) break;
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, expected + "\n");
  EXPECT_TRUE(dev.process.waitForOutput(expected)) << dev.process.output();

  writeFile(dir + "/worker.js", workerReturning("'fixed'"));
  EXPECT_GE(dev.waitForBody("/", "fixed").count(), 0) << dev.process.output();
}

TEST(DevServer, ThrowingHandlerGives500WithTheStackOnlyInTheLog) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js",
            "export default {\n  fetch() {\n    throw new TypeError('secret detail');\n  },\n};\n");
  DevServer dev(dir + "/worker.js");
  auto response = dev.get("/");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos) << response.body;
  EXPECT_TRUE(dev.process.waitForOutput("TypeError: secret detail")) << dev.process.output();
  EXPECT_TRUE(dev.process.waitForOutput(dir + "/worker.js:3:11")) << dev.process.output();
  // The server goes on.
  EXPECT_EQ(dev.get("/").status, 500);
}

TEST(DevServer, EndlessLoopIsStoppedAndTheServerGoesOn) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", R"(export default { fetch(request) {
    if (request.url.endsWith("/spin")) while (true) {}
    return new Response("fine"); } };)");
  DevServer dev(dir + "/worker.js", {"--cpu-limit-ms", "20"});
  auto response = dev.get("/spin");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body, "cpu_limit_exceeded");
  // The log line names the request the client was told about.
  auto id = response.headers["shoal-request-id"];
  EXPECT_EQ(id.size(), 16u);
  EXPECT_TRUE(dev.process.waitForOutput("cpu_limit_exceeded (request " + id +
                                        "): the worker exceeded its limit of 20 ms of CPU time"))
      << dev.process.output();
  EXPECT_NE(dev.get("/").headers["shoal-request-id"], id);
  EXPECT_EQ(dev.get("/").body, "fine");  // on a fresh isolate
}

TEST(DevServer, ARequestPastTheWallTimeLimitGetsA503) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", R"(export default { async fetch() {
    await new Promise((done) => setTimeout(done, 5000));
    return new Response("waited"); } };)");
  DevServer dev(dir + "/worker.js", {"--wall-limit-ms", "200"});
  auto response = dev.get("/");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body, "wall_time_limit_exceeded");
  EXPECT_TRUE(dev.process.waitForOutput("wall_time_limit_exceeded (request " +
                                        response.headers["shoal-request-id"] +
                                        "): the request took more than 200 ms"))
      << dev.process.output();
}

TEST(DevServer, VarsBecomeEnv) {
  auto dir = makeTempDir();
  writeFile(dir + "/index.js", R"(export default {
    fetch(request, env) { return new Response(env.MODE + "/" + env.EMPTY + "/" + env.EQ); } };)");
  DevServer dev(dir, {"--var", "MODE=test", "--var", "EMPTY=", "--var", "EQ=a=b"});
  EXPECT_EQ(dev.get("/").body, "test//a=b");
}

TEST(DevServer, OversizedHeadersAre431AndNeverReachTheWorker) {
  auto dir = makeTempDir();
  writeFile(dir + "/index.js", R"(export default {
    fetch(request) {
      console.log("reached " + new URL(request.url).pathname);
      return new Response("ok"); } };)");
  DevServer dev(dir);
  auto fits = httpRequest(dev.port, "GET", "/fits", {{"X-Big", std::string(20 * 1024, 'a')}});
  EXPECT_EQ(fits.status, 200);
  auto tooBig = httpRequest(dev.port, "GET", "/too-big",
                            {{"X-Big", std::string(20 * 1024, 'a')},
                             {"X-More", std::string(13 * 1024, 'b')}});
  EXPECT_EQ(tooBig.status, 431);
  EXPECT_EQ(tooBig.body,
            "header_size_limit_exceeded: the request's headers take more than 32 KiB\n");
  EXPECT_EQ(dev.get("/after").body, "ok");
  // The log is read as it comes: wait for the last request's line, then look at them all.
  EXPECT_TRUE(dev.process.waitForOutput("reached /after")) << dev.process.output();
  auto output = dev.process.output();
  EXPECT_NE(output.find("reached /fits"), std::string::npos) << output;
  EXPECT_EQ(output.find("reached /too-big"), std::string::npos) << output;
}

TEST(DevServer, ServiceWorkerFormWorks) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", R"(addEventListener("fetch", (event) => {
    event.respondWith(new Response("via listener " + event.request.method)); });)");
  DevServer dev(dir + "/worker.js");
  EXPECT_EQ(dev.get("/").body, "via listener GET");
}

TEST(DevServer, MissingFileIsAClearErrorAtStartup) {
  ShoalProcess process({"dev", "--port", "0", "no/such/worker.js"});
  EXPECT_EQ(process.waitForExit(), 1);
  EXPECT_NE(process.output().find("no such file or folder"), std::string::npos)
      << process.output();
}

TEST(DevServer, HelpDescribesTheCommands) {
  ShoalProcess top({"--help"});
  EXPECT_EQ(top.waitForExit(), 0);
  EXPECT_NE(top.output().find("dev"), std::string::npos) << top.output();
  ShoalProcess dev({"dev", "--help"});
  EXPECT_EQ(dev.waitForExit(), 0);
  for (auto option: {"--port", "--var", "FILE|DIR", "reload", "file:line:col"}) {
    EXPECT_NE(dev.output().find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace shoal::testing
