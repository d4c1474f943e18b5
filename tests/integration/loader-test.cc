// Sandboxes as a user meets them: a worker deployed to a real `shoal serve` with a loader
// binding runs code it was sent in fresh isolates (env.LOADER), each seeing only what it
// was handed, hostile code stopped while the caller and its neighbours carry on; and the
// same binding in `shoal dev`.

#include <gtest/gtest.h>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

// Runs the snippets in the request body (a JSON array of sources, each the body of an
// async fetch handler) one sandbox each, with env.N = its index, and answers with each
// one's status and text, one per line.
constexpr const char* RUNNER = R"js(
export default {
  async fetch(request, env) {
    const { snippets, first = 0, id, limits, passApi } = await request.json();
    const lines = [];
    for (let i = 0; i < snippets.length; ++i) {
      const code = () => ({
        mainModule: "task.js",
        modules: { "task.js": `export default { async fetch(request, env) { ${snippets[i]} } }` },
        env: passApi ? { N: first + i, API: env.API } : { N: first + i },
        limits,
      });
      const sandbox = id ? env.LOADER.get(`${id}-${first + i}`, code) : env.LOADER.load(code());
      try {
        const response = await sandbox.getEntrypoint().fetch("http://task/");
        lines.push(`${response.status} ${await response.text()}`);
      } catch (error) {
        lines.push(`threw ${error.message}`);
      }
    }
    return new Response(lines.join("\n"));
  },
};
)js";

constexpr const char* API = R"js(
export default { fetch(request) { return new Response("api saw " + new URL(request.url).pathname); } };
)js";

std::string snippetsJson(const std::vector<std::string>& snippets, const std::string& extra = "") {
  std::string out = R"({"snippets":[)";
  for (size_t i = 0; i < snippets.size(); ++i) out += (i ? "," : "") + jsonString(snippets[i]);
  return out + "]" + extra + "}";
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

struct LoaderServe {
  LoaderServe() : serve(makeTempDir(), 1) {
    token = serve.tenant("acme");
    deployed = serve.deployJson(token, "api", bundle(API)) == 201 &&
               serve.deployJson(token, "runner",
                                bundle(RUNNER, R"(,"loaders":["LOADER"],"services":{"API":"api"},)"
                                               R"("limits":{"subrequests":200})")) == 201;
  }

  HttpResponse run(const std::string& body) {
    return httpRequest(serve.port, "POST", "/",
                       {{"Host", "runner.localhost:" + std::to_string(serve.port)}}, body);
  }

  ServeProcess serve;
  std::string token;
  bool deployed = false;  // each test asserts it first
};

TEST(ServeLoader, AThousandSnippetsEachSeeOnlyTheirOwn) {
  LoaderServe fixture;
  ASSERT_TRUE(fixture.deployed) << fixture.serve.process.output();
  // Each snippet leaves a global behind and reports what it can see: its own env.N, the
  // global it set, nobody else's.
  const std::string snippet =
      "const seen = typeof globalThis.mark; globalThis.mark = env.N;"
      "return new Response(`${env.N} ${seen} ${Object.keys(env).join()} ${typeof env.LOADER}`);";
  int right = 0;
  for (int batch = 0; batch < 10; ++batch) {
    std::vector<std::string> snippets(100, snippet);
    auto response = fixture.run(snippetsJson(snippets, ",\"first\":" + std::to_string(batch * 100)));
    ASSERT_EQ(response.status, 200) << response.body;
    auto got = lines(response.body);
    ASSERT_EQ(got.size(), 100u) << response.body;
    for (int i = 0; i < 100; ++i) {
      if (got[i] == "200 " + std::to_string(batch * 100 + i) + " undefined N undefined") ++right;
    }
  }
  EXPECT_EQ(right, 1000);
  auto metrics = fixture.serve.control("GET", "/metrics", "").body;
  EXPECT_NE(metrics.find("\nshoal_sandboxes_total{host=\"0\"} 1000\n"), std::string::npos)
      << metrics;
}

TEST(ServeLoader, HostileSnippetsAreStoppedWhileTheCallerAndItsNeighboursCarryOn) {
  LoaderServe fixture;
  ASSERT_TRUE(fixture.deployed) << fixture.serve.process.output();
  auto response = fixture.run(snippetsJson(
      {
          "for (;;) {}",
          "const keep = []; for (;;) keep.push(new Array(1e5).fill(1));",
          "return await fetch('https://example.com/');",
          "Object.prototype.polluted = 'yes'; Response.prototype.text = null;"
          "return new Response('polluted');",
          "return new Response(`clean: ${({}).polluted}`);",
          "return new Response('fine');",
      },
      R"(,"limits":{"cpuMs":50,"memoryMiB":16})"));
  ASSERT_EQ(response.status, 200) << response.body;
  auto got = lines(response.body);
  ASSERT_EQ(got.size(), 6u) << response.body;
  EXPECT_EQ(got[0], "503 cpu_limit_exceeded");
  EXPECT_EQ(got[1], "503 memory_limit_exceeded");
  EXPECT_EQ(got[2], "500 Internal Server Error");
  EXPECT_EQ(got[3], "200 polluted");
  EXPECT_EQ(got[4], "200 clean: undefined");  // the next sandbox is a fresh isolate
  EXPECT_EQ(got[5], "200 fine");
  // Why the fetch failed is in the log, naming the sandbox; and the host lived on.
  EXPECT_TRUE(fixture.serve.process.waitForOutput("has no network"))
      << fixture.serve.process.output();
  EXPECT_EQ(fixture.serve.invoke("api", "/still").body, "api saw /still");
  EXPECT_EQ(lines(fixture.run(snippetsJson({"return new Response('again');"})).body)[0],
            "200 again");
}

TEST(ServeLoader, ASandboxReachesOnlyTheBindingsItIsHanded) {
  LoaderServe fixture;
  ASSERT_TRUE(fixture.deployed) << fixture.serve.process.output();
  auto withApi = fixture.run(snippetsJson(
      {"return new Response(await (await env.API.fetch('http://api/from-sandbox')).text());"},
      R"(,"passApi":true)"));
  EXPECT_EQ(withApi.body, "200 api saw /from-sandbox") << fixture.serve.process.output();
  // Without it handed over, the binding is not there, whatever the caller has.
  auto without = fixture.run(snippetsJson({"return new Response(typeof env.API);"}));
  EXPECT_EQ(without.body, "200 undefined");
}

TEST(ServeLoader, AWarmIdKeepsItsStateAndASyntaxErrorSaysWhere) {
  LoaderServe fixture;
  ASSERT_TRUE(fixture.deployed) << fixture.serve.process.output();
  const std::string counter =
      "globalThis.n = (globalThis.n ?? 0) + 1; return new Response(String(globalThis.n));";
  auto body = snippetsJson({counter}, R"(,"id":"counter")");
  EXPECT_EQ(fixture.run(body).body, "200 1");
  EXPECT_EQ(fixture.run(body).body, "200 2");  // the same isolate, warm
  auto broken = fixture.run(snippetsJson({"return new Response(;"}));
  EXPECT_EQ(broken.body.find("threw task.js:1:"), 0u) << broken.body;
  EXPECT_NE(broken.body.find("SyntaxError"), std::string::npos) << broken.body;
}

TEST(ServeLoader, ASessionStubHandedToASandboxReachesTheSessionOnItsHost) {
  // Two hosts: the session is placed by its id, so its events may cross to the other one.
  ServeProcess serve(makeTempDir(), 2);
  auto token = serve.tenant("acme");
  ASSERT_EQ(serve.deployJson(token, "notes", bundle(R"js(
export class Notes {
  constructor(ctx) { this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS notes (text TEXT)"); }
  add(text) { this.sql.exec("INSERT INTO notes VALUES (?)", text);
    return this.sql.exec("SELECT count(*) AS n FROM notes").one().n; }
}
export default {
  async fetch(request, env) {
    const notes = env.NOTES.get(env.NOTES.idFromName(new URL(request.url).pathname));
    const sandbox = env.LOADER.load({ mainModule: "agent.js", env: { NOTES: notes },
      modules: { "agent.js": `export default { async fetch(request, env) {
        return new Response(String(await env.NOTES.add("from the sandbox"))); } }` } });
    const fromSandbox = await (await sandbox.getEntrypoint().fetch("http://agent/")).text();
    return new Response(`${fromSandbox} then ${await notes.add("from the caller")}`);
  },
};
)js", R"(,"loaders":["LOADER"],"sessions":{"NOTES":"Notes"})")),
            201);
  for (auto path: {"/a", "/b", "/c"}) {
    EXPECT_EQ(serve.invoke("notes", path).body, "1 then 2") << path << serve.process.output();
    EXPECT_EQ(serve.invoke("notes", path).body, "3 then 4") << path;
  }
}

TEST(ServeLoader, OnlyAGrantedWorkerHasALoader) {
  ServeProcess serve(makeTempDir(), 1);
  auto token = serve.tenant("acme");
  ASSERT_EQ(serve.deployJson(token, "plain", bundle(R"js(
export default { fetch(request, env) { return new Response(typeof env.LOADER); } };
)js")),
            201);
  EXPECT_EQ(serve.invoke("plain").body, "undefined");
  auto refused = serve.control("PUT", "/workers/bad", token, bundle(API, R"(,"loaders":"LOADER")"),
                               "application/json");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("\\\"loaders\\\" must be an array"), std::string::npos)
      << refused.body;
}

TEST(DevLoader, TheAgentSandboxExampleRunsCodeAndStopsALoop) {
  ShoalProcess dev({"dev", "--port", "0", "examples/agent-sandbox"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  auto sum = httpRequest(port, "POST", "/run", {},
                         R"({"code": "return input.a + input.b", "input": {"a": 2, "b": 40}})");
  EXPECT_EQ(sum.status, 200) << sum.body;
  EXPECT_EQ(sum.body, R"({"value":42})");
  auto loop = httpRequest(port, "POST", "/run", {}, R"({"code": "for (;;) {}"})");
  EXPECT_EQ(loop.status, 422);
  EXPECT_EQ(loop.body, R"({"error":"cpu_limit_exceeded"})");
  auto broken = httpRequest(port, "POST", "/run", {}, R"json({"code": "return )"})json");
  EXPECT_EQ(broken.status, 400);
  EXPECT_NE(broken.body.find("task.js:3:"), std::string::npos) << broken.body;
  auto again = httpRequest(port, "POST", "/run", {}, R"({"code": "return 'still here'"})");
  EXPECT_EQ(again.body, R"({"value":"still here"})");
}

TEST(DevLoader, TheLoaderFlagGrantsIt) {
  auto dir = makeTempDir();
  writeFile(dir + "/runner.js", RUNNER);
  ShoalProcess dev({"dev", "--port", "0", "--loader", "LOADER", dir + "/runner.js"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  auto response = httpRequest(port, "POST", "/", {},
                              snippetsJson({"return new Response('from a sandbox ' + env.N);"}));
  EXPECT_EQ(response.body, "200 from a sandbox 0");
}

}  // namespace
}  // namespace shoal::testing
