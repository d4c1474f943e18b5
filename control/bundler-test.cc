#include "control/bundler.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace shoal {
namespace {

// A folder holding one worker.js with `source`; whether it needs bundling.
bool needs(const std::string& source, const char* main = "worker.js") {
  char folder[] = "/tmp/shoal-bundler-test-XXXXXX";
  EXPECT_NE(mkdtemp(folder), nullptr);
  std::ofstream(std::string(folder) + "/" + main) << source;
  bool result = needsBundling(folder, main);
  unlink((std::string(folder) + "/" + main).c_str());
  rmdir(folder);
  return result;
}

TEST(Bundler, NpmImportsAndTypeScriptNeedBundling) {
  EXPECT_TRUE(needs("import { Hono } from \"hono\";\nexport default new Hono();\n"));
  EXPECT_TRUE(needs("import {\n  AutoRouter,\n  error,\n} from 'itty-router';\n"));
  EXPECT_TRUE(needs("export { handler } from \"some-package/handler\";\n"));
  EXPECT_TRUE(needs("import \"polyfill\";\n"));
  EXPECT_TRUE(needs("export default {};\n", "worker.ts"));
}

TEST(Bundler, RelativeImportsAndLookalikesDoNot) {
  EXPECT_FALSE(needs("import { x } from \"./lib.js\";\nexport default { fetch() {} };\n"));
  EXPECT_FALSE(needs("import \"../side.js\";\n"));
  // Text that only contains an import's words.
  EXPECT_FALSE(needs("// import x from \"nope\"\nexport default {};\n"));
  EXPECT_FALSE(needs("const s = 'it came from \"space\"';\nexport default {};\n"));
  EXPECT_FALSE(needs("export default { fetch() { return new Response('from \"x\"'); } };\n"));
}

TEST(Bundler, BundlePathsSitBesideTheEntry) {
  EXPECT_EQ(bundleModulePath("src/index.ts"), "src/index.bundle.js");
  EXPECT_EQ(bundleModulePath("worker.js"), "worker.bundle.js");
  EXPECT_EQ(bundleModulePath("v1.2/main"), "v1.2/main.bundle.js");
}

}  // namespace
}  // namespace shoal
