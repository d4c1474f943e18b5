// Wrangler projects run as they are: examples/wrangler-project (wrangler.toml, a Durable
// Object, vars, a cron trigger) under `shoal dev`, and deployed by `shoal deploy` with the
// name its wrangler.toml gives.

#include <gtest/gtest.h>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

TEST(Wrangler, DevRunsTheExampleProjectUnchanged) {
  ShoalProcess dev({"dev", "--port", "0", "--persist", makeTempDir(), "examples/wrangler-project"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  // The name comes from wrangler.toml; [[migrations]] needs nothing and is not warned about.
  EXPECT_NE(dev.output().find("shoal dev: visit-counter ready on"), std::string::npos)
      << dev.output();
  EXPECT_EQ(dev.output().find("not supported"), std::string::npos) << dev.output();

  EXPECT_EQ(httpRequest(port, "GET", "/?visitor=ada").body, "Welcome back, ada: visit number 1\n");
  EXPECT_EQ(httpRequest(port, "GET", "/?visitor=ada").body, "Welcome back, ada: visit number 2\n");
  EXPECT_EQ(httpRequest(port, "GET", "/?visitor=bob").body, "Welcome back, bob: visit number 1\n");

  auto tick = httpRequest(port, "GET", "/__scheduled");
  EXPECT_EQ(tick.body, "Ran scheduled event \"0 * * * *\"\n");
  EXPECT_TRUE(dev.waitForOutput("[visit-counter] hourly tick (0 * * * *)")) << dev.output();
}

TEST(Wrangler, UnsupportedKeysAreWarnedAboutAndAMalformedFileNamesItsLine) {
  auto dir = makeTempDir();
  writeFile(dir + "/index.js",
            "export default { fetch(r, env) { return new Response(env.A); } };\n");
  writeFile(dir + "/wrangler.jsonc", R"({
    // Workers KV is not something shoal has.
    "name": "jsonc-app",
    "main": "index.js",
    "vars": { "A": "from jsonc" },
    "kv_namespaces": [{ "binding": "KV", "id": "x" }],
  })");
  ShoalProcess dev({"dev", "--port", "0", "--persist", makeTempDir(), dir});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  EXPECT_NE(dev.output().find(
                "shoal dev: wrangler.jsonc: `kv_namespaces` is not supported by shoal; ignored"),
            std::string::npos)
      << dev.output();
  EXPECT_EQ(httpRequest(port, "GET", "/").body, "from jsonc");

  auto broken = makeTempDir();
  writeFile(broken + "/index.js", "export default { fetch() { return new Response('x'); } };\n");
  writeFile(broken + "/wrangler.toml", "name = \"broken\"\nmain = index.js\n");
  ShoalProcess failing({"dev", "--port", "0", broken});
  EXPECT_EQ(failing.waitForExit(), 1);
  EXPECT_NE(
      failing.output().find("wrangler.toml:2: 'index.js' is not a value (strings need quotes)"),
      std::string::npos)
      << failing.output();
}

TEST(Wrangler, DeployTakesTheNameFromWranglerToml) {
  ServeProcess serve(makeTempDir(), 1);
  auto acme = serve.tenant("acme");
  std::string url = "http://localhost:" + std::to_string(serve.controlPort);
  ShoalProcess deploy({"deploy", "examples/wrangler-project", "--url", url, "--token", acme});
  EXPECT_EQ(deploy.waitForExit(), 0) << deploy.output();
  EXPECT_NE(deploy.output().find("deployed visit-counter v1"), std::string::npos)
      << deploy.output();
  EXPECT_EQ(serve.invoke("visit-counter", "/?visitor=cy").body,
            "Welcome back, cy: visit number 1\n");
  auto tick = serve.control("POST", "/workers/visit-counter/scheduled", acme);
  EXPECT_EQ(tick.status, 200) << tick.body;
  EXPECT_NE(tick.body.find(R"("cron":"0 * * * *","outcome":"ok")"), std::string::npos) << tick.body;
}

}  // namespace
}  // namespace shoal::testing
