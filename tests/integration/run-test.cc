// POST /run and `shoal run` against a real `shoal serve`: one-shot tasks in sandboxes of their
// own, the control API's answers to bad calls, and tasks that throw, loop or eat memory.

#include <gtest/gtest.h>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

// The JSON body of a task whose one module, task.js, is `source`, plus `rest` (",\"input\":1").
std::string task(const std::string& source, const std::string& rest = "") {
  return "{\"mainModule\":\"task.js\",\"modules\":{\"task.js\":" + jsonString(source) + "}" +
         rest + "}";
}

class Run : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    serve = new ServeProcess(makeTempDir());
    token = serve->tenant("acme");
  }
  static void TearDownTestSuite() { delete serve; }

  HttpResponse run(const std::string& body) {
    return serve->control("POST", "/run", token, body, "application/json");
  }

  static ServeProcess* serve;
  static std::string token;
};
ServeProcess* Run::serve = nullptr;
std::string Run::token;

TEST_F(Run, RequestTaskAnswersWithItsResponse) {
  auto reply = run(task(R"(export default {
    async fetch(request) {
      console.log("handling", request.method);
      const text = `${request.method} ${new URL(request.url).pathname} ` +
                   `${request.headers.get("x-who")} ${await request.text()}`;
      return new Response(text, { status: 201, headers: { "x-answer": "42" } });
    } };)", R"(,"request":{"method":"POST","url":"http://example.com/path","headers":{"x-who":"me"},"body":"hello"})"));
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_NE(reply.body.find(R"("status":201)"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find(R"("body":"POST /path me hello")"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find(R"(["x-answer","42"])"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find(R"({"level":"log","text":"handling POST"})"), std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find(R"("timing":{"startMs":)"), std::string::npos) << reply.body;

  // Without a request, fetch() gets a GET; a body that is not UTF-8 comes back as base64.
  auto bytes = run(task("export default { fetch(request) { "
                        "return new Response(new Uint8Array([255, 0, 1])); } };"));
  EXPECT_EQ(bytes.status, 200) << bytes.body;
  EXPECT_NE(bytes.body.find(R"("body":"/wAB","bodyEncoding":"base64")"), std::string::npos)
      << bytes.body;
}

TEST_F(Run, RunTaskAnswersWithItsResultAsJson) {
  auto reply = run(task(R"(export default {
    async run(input, env) {
      console.warn("got", input.n);
      return { doubled: input.n * 2, keys: Object.keys(env), words: input.words.reverse() };
    } };)", R"(,"input":{"n":21,"words":["a","b"]})"));
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_NE(reply.body.find(R"("result":{"doubled":42,"keys":[],"words":["b","a"]})"),
            std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find(R"({"level":"warn","text":"got 21"})"), std::string::npos)
      << reply.body;
  // undefined comes back as null; several modules import each other.
  auto nothing = run(R"({"mainModule":"main.js","modules":{
      "main.js":"import { f } from './lib/f.js'; export default { run() { f(); } };",
      "lib/f.js":"export function f() {}"},"input":null})");
  EXPECT_EQ(nothing.status, 200) << nothing.body;
  EXPECT_NE(nothing.body.find(R"("result":null)"), std::string::npos) << nothing.body;
}

TEST_F(Run, BadCallsAreClear4xx) {
  auto good = task("export default { run() { return 1; } };", R"(,"input":0)");
  auto noToken = serve->control("POST", "/run", "", good, "application/json");
  EXPECT_EQ(noToken.status, 401) << noToken.body;
  auto wrongToken = serve->control("POST", "/run", "shoal_0123", good, "application/json");
  EXPECT_EQ(wrongToken.status, 401) << wrongToken.body;
  EXPECT_NE(wrongToken.body.find(R"("error":"invalid token")"), std::string::npos);

  auto empty = run("");
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_NE(empty.body.find("empty body"), std::string::npos) << empty.body;
  auto invalid = run("{\"mainModule\": ");
  EXPECT_EQ(invalid.status, 400) << invalid.body;
  EXPECT_NE(invalid.body.find("invalid JSON"), std::string::npos) << invalid.body;
  auto noMain = run(R"({"modules":{"task.js":"export default {}"}})");
  EXPECT_EQ(noMain.status, 400) << noMain.body;
  EXPECT_NE(noMain.body.find("no mainModule"), std::string::npos) << noMain.body;
  auto unknownMain = run(R"({"mainModule":"main.js","modules":{"task.js":"export default {}"}})");
  EXPECT_EQ(unknownMain.status, 400) << unknownMain.body;
  EXPECT_NE(unknownMain.body.find("'main.js' is not one of the modules"), std::string::npos)
      << unknownMain.body;
  auto badLimit = run(task("export default { run() {} };", R"(,"limits":{"cpuMs":-1})"));
  EXPECT_EQ(badLimit.status, 400) << badLimit.body;
  auto both = run(task("export default { run() {} };", R"(,"input":1,"request":{})"));
  EXPECT_EQ(both.status, 400) << both.body;

  // The 10 MB module the issue names, and one past the control API's 10 MiB upload cap.
  for (size_t size: {10 * 1000 * 1000, 12 * 1000 * 1000}) {
    auto huge = run(task("// " + std::string(size, 'x') + "\nexport default {};"));
    EXPECT_EQ(huge.status, 413) << huge.body.substr(0, 200);
    EXPECT_NE(huge.body.find("the task is larger than 5 MiB"), std::string::npos)
        << huge.body.substr(0, 200);
  }
}

TEST_F(Run, SyntaxErrorNamesLineAndColumn) {
  auto reply = run(task("export default {\n  run() { return 1 +; }\n};", R"(,"input":0)"));
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_NE(reply.body.find(R"("kind":"syntax_error")"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("task.js:2:21: SyntaxError"), std::string::npos) << reply.body;
}

TEST_F(Run, UncaughtExceptionComesWithItsStack) {
  auto reply = run(task("function inner() { throw new RangeError('boom'); }\n"
                        "export default { run() { console.log('before'); inner(); } };",
                        R"(,"input":0)"));
  EXPECT_EQ(reply.status, 422) << reply.body;
  EXPECT_NE(reply.body.find(R"("error":"RangeError: boom","kind":"uncaught")"),
            std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find("at inner (task.js:1:26)"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find(R"("text":"before")"), std::string::npos) << reply.body;

  // A fetch() task's exception too, not a bare 500.
  auto thrown = run(task("export default { async fetch() { await null; throw new Error('no'); } };"));
  EXPECT_EQ(thrown.status, 422) << thrown.body;
  EXPECT_NE(thrown.body.find(R"("error":"Error: no","kind":"uncaught")"), std::string::npos)
      << thrown.body;
  EXPECT_NE(thrown.body.find("task.js:1:"), std::string::npos) << thrown.body;
}

TEST_F(Run, LoopingTaskIsStoppedAndTheHostLivesOn) {
  auto loop = run(task("export default { run() { for (;;) {} } };",
                       R"(,"input":0,"limits":{"cpuMs":20})"));
  EXPECT_EQ(loop.status, 422) << loop.body;
  EXPECT_NE(loop.body.find(R"("kind":"cpu_limit_exceeded")"), std::string::npos) << loop.body;
  EXPECT_NE(loop.body.find("20 ms of CPU time"), std::string::npos) << loop.body;
  // A loop at the top level is the same limit.
  auto topLevel = run(task("for (;;) {}\nexport default { run() {} };", R"(,"input":0)"));
  EXPECT_EQ(topLevel.status, 422) << topLevel.body;
  EXPECT_NE(topLevel.body.find(R"("kind":"cpu_limit_exceeded")"), std::string::npos)
      << topLevel.body;
  // Both hosts still answer (runs go round robin).
  for (int i = 0; i < 4; ++i) {
    auto next = run(task("export default { run(n) { return n + 1; } };", R"(,"input":1)"));
    EXPECT_EQ(next.status, 200) << next.body;
    EXPECT_NE(next.body.find(R"("result":2)"), std::string::npos) << next.body;
  }
}

TEST_F(Run, AllocationBombHitsTheMemoryLimit) {
  auto reply = run(task("export default { run() { const a = []; "
                        "for (;;) a.push(new Array(100000).fill(1.5)); } };",
                        R"(,"input":0,"limits":{"memoryMiB":16,"cpuMs":5000})"));
  EXPECT_EQ(reply.status, 422) << reply.body;
  EXPECT_NE(reply.body.find(R"("kind":"memory_limit_exceeded")"), std::string::npos)
      << reply.body;
  auto next = run(task("export default { run() { return 'fine'; } };", R"(,"input":0)"));
  EXPECT_NE(next.body.find(R"("result":"fine")"), std::string::npos) << next.body;
}

TEST_F(Run, WallTimeLimit) {
  auto reply = run(task("export default { run() { return new Promise(() => {}); } };",
                        R"(,"input":0,"limits":{"wallMs":100})"));
  EXPECT_EQ(reply.status, 422) << reply.body;
  EXPECT_NE(reply.body.find(R"("kind":"wall_time_limit_exceeded")"), std::string::npos)
      << reply.body;
}

TEST_F(Run, FetchIsRefused) {
  auto reply = run(task(R"(export default { async run() {
      try { await fetch("https://example.com/"); return "reached"; }
      catch (e) { return `${e.name}: ${e.message}`; } } };)", R"(,"input":0)"));
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_NE(reply.body.find(R"("result":"TypeError: fetch() to https://example.com/ refused)"),
            std::string::npos)
      << reply.body;
}

// The sum over hosts of a /metrics counter.
long metricTotal(ServeProcess& serve, const std::string& name) {
  auto text = serve.control("GET", "/metrics", "").body;
  long total = 0;
  for (size_t at = text.find("\n" + name + "{"); at != std::string::npos;
       at = text.find("\n" + name + "{", at + 1)) {
    total += std::stol(text.substr(text.find("} ", at) + 2));
  }
  return total;
}

TEST_F(Run, RunsDoNotSeeEachOthersGlobals) {
  long runsBefore = metricTotal(*serve, "shoal_runs_total");
  // Enough runs that several land on each host, and some reuse an isolate from the pool.
  auto body = task("export default { run() { const seen = globalThis.seen ?? null; "
                   "globalThis.seen = 'set'; Object.prototype.polluted = 1; "
                   "return [seen, typeof ({}).constructor.prototype.marked]; } };"
                   "Object.prototype.marked ??= 1;",
                   R"(,"input":0)");
  for (int i = 0; i < 6; ++i) {
    auto reply = run(body);
    EXPECT_NE(reply.body.find(R"("result":[null,"number"])"), std::string::npos) << reply.body;
  }
  auto other = run(task("export default { run() { return typeof ({}).polluted; } };",
                        R"(,"input":0)"));
  EXPECT_NE(other.body.find(R"("result":"undefined")"), std::string::npos) << other.body;
  EXPECT_EQ(metricTotal(*serve, "shoal_runs_total"), runsBefore + 7);
}

TEST_F(Run, ShoalRunPrintsTheAnswer) {
  auto dir = makeTempDir();
  writeFile(dir + "/task.js", "export default {\n"
                              "  run(input) { console.log('working'); return { sum: input.a + input.b }; },\n"
                              "  fetch() { return new Response('from fetch\\n'); },\n"
                              "};\n");
  auto url = "http://localhost:" + std::to_string(serve->controlPort);
  ShoalProcess withInput({"run", dir + "/task.js", "--input", R"({"a":2,"b":3})", "--url", url,
                          "--token", token});
  EXPECT_EQ(withInput.waitForExit(), 0) << withInput.output();
  EXPECT_NE(withInput.output().find("{\"sum\":5}\n"), std::string::npos) << withInput.output();
  EXPECT_NE(withInput.output().find("[log] working"), std::string::npos) << withInput.output();

  ShoalProcess withFetch({"run", dir + "/task.js", "--url", url, "--token", token});
  EXPECT_EQ(withFetch.waitForExit(), 0) << withFetch.output();
  EXPECT_NE(withFetch.output().find("from fetch\n"), std::string::npos) << withFetch.output();

  // A folder: its modules, index.js the main one.
  auto folder = makeTempDir();
  writeFile(folder + "/lib.js", "export const name = 'folder';\n");
  writeFile(folder + "/index.js",
            "import { name } from './lib.js';\nexport default { run() { return name; } };\n");
  ShoalProcess fromFolder({"run", folder, "--input", "null", "--url", url, "--token", token});
  EXPECT_EQ(fromFolder.waitForExit(), 0) << fromFolder.output();
  EXPECT_NE(fromFolder.output().find("\"folder\"\n"), std::string::npos) << fromFolder.output();

  writeFile(dir + "/broken.js", "export default {\n  run() { return ; ] }\n};\n");
  ShoalProcess broken({"run", dir + "/broken.js", "--input", "0", "--url", url, "--token", token});
  EXPECT_EQ(broken.waitForExit(), 1) << broken.output();
  EXPECT_NE(broken.output().find("syntax_error: broken.js:2:"), std::string::npos)
      << broken.output();

  ShoalProcess badInput({"run", dir + "/task.js", "--input", "{nope", "--url", url, "--token",
                         token});
  EXPECT_NE(badInput.waitForExit(), 0) << badInput.output();
  EXPECT_NE(badInput.output().find("--input is not JSON"), std::string::npos) << badInput.output();
}

}  // namespace
}  // namespace shoal::testing
