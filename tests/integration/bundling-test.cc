// Workers that import npm packages or are TypeScript run unchanged: the example Hono app
// (TypeScript) and itty-router API, bundled by esbuild for `shoal dev` and `shoal deploy`.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <thread>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

using namespace std::chrono_literals;

// The esbuild and npm packages of @npm (tools/setup), as the `./shoal` wrapper sets them.
class Bundling : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char* esbuild = realpath("external/npm/node_modules/@esbuild/linux-x64/bin/esbuild", nullptr);
    char* modules = realpath("external/npm/node_modules/hono/..", nullptr);
    ASSERT_NE(esbuild, nullptr);
    ASSERT_NE(modules, nullptr);
    setenv("SHOAL_ESBUILD", esbuild, 1);
    setenv("NODE_PATH", modules, 1);
    free(esbuild);
    free(modules);
  }
};

TEST_F(Bundling, TheHonoAppRunsUnchangedInDev) {
  ShoalProcess dev({"dev", "--port", "0", "examples/hono-app"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  EXPECT_NE(dev.output().find("shoal dev: hono-app ready"), std::string::npos);

  auto home = httpRequest(port, "GET", "/");
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.body, "Hello from Hono!");
  EXPECT_EQ(home.headers["x-served-by"], "hono on shoal");  // middleware ran

  auto user = httpRequest(port, "GET", "/users/7?tag=a&tag=b");
  EXPECT_EQ(user.status, 200);
  EXPECT_EQ(user.headers["content-type"], "application/json");
  EXPECT_EQ(user.body, R"({"id":7,"name":"user-7","tags":["a","b"]})");
  EXPECT_EQ(httpRequest(port, "GET", "/users/x").status, 400);

  auto echo = httpRequest(port, "POST", "/echo", {{"Content-Type", "application/json"}},
                          R"({"deep":{"list":[1,2]}})");
  EXPECT_EQ(echo.status, 201);
  EXPECT_EQ(echo.body, R"({"received":{"deep":{"list":[1,2]}}})");

  auto missing = httpRequest(port, "GET", "/nowhere");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"error":"no route for GET /nowhere"})");
  auto failing = httpRequest(port, "GET", "/fail");
  EXPECT_EQ(failing.status, 500);
  EXPECT_EQ(failing.body, R"({"error":"something broke"})");
}

TEST_F(Bundling, TheIttyRouterApiRunsUnchangedInDev) {
  ShoalProcess dev({"dev", "--port", "0", "examples/itty-router-api"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  EXPECT_EQ(httpRequest(port, "GET", "/todos").body,
            R"([{"id":1,"title":"try shoal","done":true}])");
  auto added = httpRequest(port, "POST", "/todos", {}, R"({"title":"ship it"})");
  EXPECT_EQ(added.status, 201);
  EXPECT_EQ(added.body, R"({"id":2,"title":"ship it","done":false})");
  EXPECT_EQ(httpRequest(port, "GET", "/todos/2").body, added.body);
  auto gone = httpRequest(port, "GET", "/todos/9");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.body, R"({"status":404,"error":"no such todo"})");
  EXPECT_EQ(httpRequest(port, "POST", "/todos", {}, "{}").status, 400);
  EXPECT_EQ(httpRequest(port, "DELETE", "/todos/1").body, R"({"deleted":1})");
  EXPECT_EQ(httpRequest(port, "GET", "/nope").status, 404);
}

TEST_F(Bundling, EditsRebundleAndAMissingPackageIsAClearError) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.ts",
            "import { Hono } from 'hono';\n"
            "const app = new Hono();\n"
            "app.get('/', (c) => c.text('one'));\n"
            "export default app;\n");
  ShoalProcess dev({"dev", "--port", "0", dir});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  EXPECT_EQ(httpRequest(port, "GET", "/").body, "one");

  auto waitForBody = [&](const std::string& body) {
    for (auto start = std::chrono::steady_clock::now();
         std::chrono::steady_clock::now() - start < 10s; std::this_thread::sleep_for(10ms)) {
      auto response = httpRequest(port, "GET", "/");
      if (response.body.find(body) != std::string::npos) return response;
    }
    return HttpResponse{};
  };
  writeFile(dir + "/worker.ts",
            "import { Hono } from 'hono';\n"
            "const app = new Hono();\n"
            "const n: number = 2;\n"
            "app.get('/', (c) => c.text(`two ${n}`));\n"
            "export default app;\n");
  EXPECT_EQ(waitForBody("two 2").status, 200) << dev.output();

  // A package that is not installed: esbuild's report, with file:line:col, until it is fixed.
  writeFile(dir + "/worker.ts", "import nope from 'no-such-package';\nexport default nope;\n");
  auto broken = waitForBody("Could not resolve");
  EXPECT_EQ(broken.status, 500) << dev.output();
  EXPECT_NE(broken.body.find("worker.ts:1:17"), std::string::npos) << broken.body;
  EXPECT_NE(broken.body.find("\"no-such-package\""), std::string::npos) << broken.body;

  writeFile(dir + "/worker.ts", "export default { fetch: () => new Response('plain again') };\n");
  EXPECT_EQ(waitForBody("plain again").status, 200) << dev.output();
}

TEST_F(Bundling, ErrorsPointAtTheFileTheUserWrote) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.ts",
            "interface Order {\n"
            "  id: number;\n"
            "}\n"
            "function check(order: Order): never {\n"
            "  throw new RangeError(`order ${order.id} is not valid`);\n"
            "}\n"
            "export default { fetch(): Response { return check({ id: 7 }); } };\n");
  ShoalProcess dev({"dev", "--port", "0", dir});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  EXPECT_EQ(httpRequest(port, "GET", "/").status, 500);
  // Through the source map esbuild made: the TypeScript file, its line and column.
  EXPECT_TRUE(dev.waitForOutput("RangeError: order 7 is not valid\n    at check (" + dir +
                                "/worker.ts:5:9)"))
      << dev.output();
  EXPECT_NE(dev.output().find(dir + "/worker.ts:7:"), std::string::npos) << dev.output();
  EXPECT_EQ(dev.output().find("bundle.js:"), std::string::npos) << dev.output();
}

TEST_F(Bundling, DeployUploadsTheBundle) {
  ServeProcess serve(makeTempDir(), 1);
  auto acme = serve.tenant("acme");
  std::string url = "http://localhost:" + std::to_string(serve.controlPort);
  ShoalProcess deploy({"deploy", "examples/hono-app", "--url", url, "--token", acme});
  EXPECT_EQ(deploy.waitForExit(), 0) << deploy.output();
  EXPECT_NE(deploy.output().find("deployed hono-app v1"), std::string::npos) << deploy.output();
  EXPECT_EQ(serve.invoke("hono-app").body, "Hello from Hono!");
  EXPECT_EQ(serve.invoke("hono-app", "/users/3").body, R"({"id":3,"name":"user-3","tags":[]})");
  auto version = serve.control("GET", "/workers/hono-app", acme);
  EXPECT_EQ(version.status, 200);
}

}  // namespace
}  // namespace shoal::testing
