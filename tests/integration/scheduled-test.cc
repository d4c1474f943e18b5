// Cron triggers as a user meets them: `shoal dev` fires scheduled() by hand at
// /__scheduled; `shoal serve` fires the live version's triggers each minute, and on
// demand through the control API.

#include <gtest/gtest.h>

#include <chrono>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* TICKER = R"js(
export default {
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(Promise.resolve().then(() => console.log(`ticked "${controller.cron}"`)));
    if (controller.cron === "5 4 * * *") throw new Error("four-oh-five failed");
  },
  fetch() { return new Response("http too"); },
};
)js";

TEST(Scheduled, DevFiresTheHandlerByHand) {
  auto dir = makeTempDir();
  writeFile(dir + "/index.js", TICKER);
  writeFile(dir + "/shoal.json", R"({"triggers": {"crons": ["*/10 * * * *"]}})");
  ShoalProcess dev({"dev", "--port", "0", dir});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0);
  EXPECT_TRUE(dev.waitForOutput("fire one with curl 'http://localhost:" + std::to_string(port) +
                                "/__scheduled?cron=*%2F10%20*%20*%20*%20*'"));

  // Without ?cron, the manifest's first trigger.
  auto byDefault = httpRequest(port, "GET", "/__scheduled");
  EXPECT_EQ(byDefault.status, 200);
  EXPECT_EQ(byDefault.body, "Ran scheduled event \"*/10 * * * *\"\n");
  EXPECT_TRUE(dev.waitForOutput("ticked \"*/10 * * * *\""));

  auto failing = httpRequest(port, "GET", "/cdn-cgi/handler/scheduled?cron=5+4+*+*+*");
  EXPECT_EQ(failing.status, 500);
  EXPECT_EQ(failing.body.find("The scheduled event failed: Error: four-oh-five failed"), 0u)
      << failing.body;
  EXPECT_EQ(httpRequest(port, "GET", "/").body, "http too");
}

TEST(Scheduled, ServeFiresTriggersEachMinuteAndOnDemand) {
  ServeProcess serve(makeTempDir(), 2);
  auto acme = serve.tenant("acme");
  auto other = serve.tenant("other");

  auto bad =
      serve.control("PUT", "/workers/ticker", acme,
                    bundle(TICKER, R"(,"triggers":{"crons":["61 * * * *"]})"), "application/json");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("the minute field '61' is not valid"), std::string::npos) << bad.body;

  ASSERT_EQ(
      serve.deployJson(acme, "ticker", bundle(TICKER, R"(,"triggers":{"crons":["* * * * *"]})")),
      201);

  auto now = serve.control("POST", "/workers/ticker/scheduled", acme);
  EXPECT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(now.body, R"({"worker":"ticker","version":"v1","cron":"* * * * *","outcome":"ok"})"
                      "\n");
  auto failing = serve.control("POST", "/workers/ticker/scheduled", acme, R"({"cron":"5 4 * * *"})",
                               "application/json");
  EXPECT_EQ(failing.status, 500);
  EXPECT_NE(failing.body.find(R"("outcome":"exception","error":"Error: four-oh-five failed)"),
            std::string::npos)
      << failing.body;
  // Another tenant's worker does not exist for this one.
  EXPECT_EQ(serve.control("POST", "/workers/ticker/scheduled", other).status, 404);

  // The next minute boundary fires the live version's trigger by itself.
  EXPECT_TRUE(serve.process.waitForOutput(
      "shoal serve: scheduled ticker v1 \"* * * * *\" on schedule: ok", 75s))
      << serve.process.output();
  auto metrics = serve.control("GET", "/metrics", "");
  EXPECT_NE(metrics.body.find("shoal_scheduled_total{outcome=\"exception\"} 1\n"),
            std::string::npos)
      << metrics.body;
}

}  // namespace
}  // namespace shoal::testing
