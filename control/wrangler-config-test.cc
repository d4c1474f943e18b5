#include "control/wrangler-config.h"

#include <gtest/gtest.h>
#include <kj/debug.h>

namespace shoal {
namespace {

std::string errorOf(kj::StringPtr file, kj::StringPtr text) {
  KJ_IF_MAYBE (exception,
               kj::runCatchingExceptions([&]() { translateWranglerConfig(file, text); })) {
    return exception->getDescription().cStr();
  }
  return "(no error)";
}

TEST(WranglerConfig, TomlBecomesJson) {
  EXPECT_EQ(
      tomlToJson("t.toml", R"(
# a comment
name = "my-worker"   # trailing comment
n = 1_000
pi = 3.14
ok = true
date = 2024-09-23
list = [ "a",
  'b',  # literal
  """c""",
]
inline = { a = 1, b.c = "d" }
dotted.key = "v"
"quoted key" = '''
line one
line two'''
esc = "tab\tquote\" \u00e9 \U0001F41F"

[table]
x = 1

[table.sub]
y = 2

[[array]]
z = 1

[[array]]
z = 2
)")
          .cStr(),
      std::string(R"({"name":"my-worker","n":1000,"pi":3.14,"ok":true,"date":"2024-09-23",)") +
          R"("list":["a","b","c"],"inline":{"a":1,"b":{"c":"d"}},"dotted":{"key":"v"},)" +
          R"("quoted key":"line one\nline two","esc":"tab\tquote\" é 🐟",)" +
          R"("table":{"x":1,"sub":{"y":2}},"array":[{"z":1},{"z":2}]})");
}

TEST(WranglerConfig, MalformedTomlNamesTheLine) {
  auto error = [](const char* text) {
    KJ_IF_MAYBE (exception,
                 kj::runCatchingExceptions([&]() { tomlToJson("wrangler.toml", text); })) {
      return std::string(exception->getDescription().cStr());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(error("name = \"a\"\nname = \"b\"\n"), "wrangler.toml:2: 'name' is defined twice");
  EXPECT_EQ(error("\n\nmain = src/index.js\n"),
            "wrangler.toml:3: 'src/index.js' is not a value (strings need quotes)");
  EXPECT_EQ(error("name = \"open\n"), "wrangler.toml:1: a string is not closed on its line");
  EXPECT_EQ(error("a = 1\n[a]\n"), "wrangler.toml:2: 'a' is already defined as a value");
  EXPECT_EQ(error("list = [1, 2\nx = 1"), "wrangler.toml:2: expected ',' or ']' in an array");
}

TEST(WranglerConfig, JsoncLosesCommentsAndTrailingCommas) {
  EXPECT_EQ(jsoncToJson(R"({
    // line comment
    "a": "// not a comment", /* block */
    "b": [1, 2,],
  })"),
            "{\n    \n    \"a\": \"// not a comment\",  \n    \"b\": [1, 2 ] \n  }");
}

TEST(WranglerConfig, AWranglerProjectBecomesAManifest) {
  auto project = translateWranglerConfig("wrangler.toml", R"(
name = "agent"
main = "./src/index.js"
compatibility_date = "2024-09-23"
compatibility_flags = ["nodejs_compat"]
workers_dev = true

[vars]
GREETING = "hello"
RETRIES = 3

[[durable_objects.bindings]]
name = "SESSIONS"
class_name = "Session"

[[services]]
binding = "AUTH"
service = "auth-worker"

[triggers]
crons = ["*/15 * * * *"]

[[kv_namespaces]]
binding = "KV"
id = "abc"
)");
  EXPECT_EQ(KJ_ASSERT_NONNULL(project.name), "agent");
  EXPECT_EQ(project.manifest,
            R"({"main_module":"src/index.js","compatibility_date":"2024-09-23",)"
            R"("vars":{"GREETING":"hello","RETRIES":"3"},"sessions":{"SESSIONS":"Session"},)"
            R"("services":{"AUTH":"auth-worker"},"triggers":{"crons":["*/15 * * * *"]}})");
  ASSERT_EQ(project.warnings.size(), 4u);
  EXPECT_EQ(project.warnings[0],
            "wrangler.toml: `compatibility_flags` is not supported by shoal; ignored");
  EXPECT_EQ(project.warnings[1], "wrangler.toml: `workers_dev` is not supported by shoal; ignored");
  EXPECT_EQ(project.warnings[2],
            "wrangler.toml: `kv_namespaces` is not supported by shoal; ignored");
  EXPECT_EQ(project.warnings[3],
            "wrangler.toml: vars.RETRIES is not a string: env.RETRIES holds its JSON text");

  auto jsonc = translateWranglerConfig("wrangler.jsonc", R"({
    "$schema": "node_modules/wrangler/config-schema.json",
    "name": "agent", // comments are fine
    "main": "index.js",
    "durable_objects": { "bindings": [{ "name": "S", "class_name": "C" },] },
  })");
  EXPECT_EQ(jsonc.manifest, R"({"main_module":"index.js","sessions":{"S":"C"}})");
  EXPECT_EQ(jsonc.warnings.size(), 0u);
}

TEST(WranglerConfig, WhatCannotRunIsAClearError) {
  // TypeScript is bundled (control/bundler.h), so a .ts main is fine.
  EXPECT_EQ(translateWranglerConfig("wrangler.toml", "main = \"./src/index.ts\"").manifest,
            R"({"main_module":"src/index.ts"})");
  EXPECT_EQ(errorOf("wrangler.json", "{\"durable_objects\": {\"bindings\": [{\"name\": \"X\"}]}}"),
            "wrangler.json: each durable_objects binding needs a name and a class_name");
  EXPECT_EQ(errorOf("wrangler.json", "[1]"), "wrangler.json: the configuration must be an object");
}

TEST(WranglerConfig, ShoalJsonOverridesTheWranglerFile) {
  EXPECT_EQ(mergeManifests(R"({"main_module":"a.js","vars":{"A":"1"}})",
                           R"({"vars":{"B":"2"},"outbound":{"allow":["*"]}})"),
            R"({"main_module":"a.js","vars":{"B":"2"},"outbound":{"allow":["*"]}})");
}

}  // namespace
}  // namespace shoal
