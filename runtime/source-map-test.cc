#include "runtime/source-map.h"

#include <gtest/gtest.h>
#include <kj/debug.h>

namespace shoal {
namespace {

// Generated line 1: column 0 from a.ts 1:1, column 4 from a.ts 1:5; line 2, column 0 from
// a.ts 3:5 (each field is a delta from the one before).
constexpr const char* MAP =
    R"({"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA,IAAI;AAEA"})";

TEST(SourceMap, LooksUpTheOriginalPosition) {
  auto map = KJ_ASSERT_NONNULL(SourceMap::parse(MAP));
  auto at = [&](unsigned line, unsigned column) -> std::string {
    KJ_IF_MAYBE (position, map.lookup(line, column)) {
      return std::string(map.sources()[position->source].cStr()) + ":" +
             std::to_string(position->line) + ":" + std::to_string(position->column);
    }
    return "(none)";
  };
  EXPECT_EQ(at(1, 1), "a.ts:1:1");
  EXPECT_EQ(at(1, 4), "a.ts:1:1");
  EXPECT_EQ(at(1, 5), "a.ts:1:5");
  EXPECT_EQ(at(1, 99), "a.ts:1:5");
  EXPECT_EQ(at(2, 1), "a.ts:3:5");
  EXPECT_EQ(at(3, 1), "(none)");
  EXPECT_EQ(at(0, 1), "(none)");
}

TEST(SourceMap, RewritesStackTraces) {
  kj::Vector<MappedModule> maps;
  maps.add(
      MappedModule{kj::str("app/index.bundle.js"), KJ_ASSERT_NONNULL(SourceMap::parse(MAP)), {}});
  maps[0].sourceNames.add(kj::str("app/a.ts"));
  auto text = applySourceMaps(maps,
                              "app/index.bundle.js:2:1: Error: boom\n"
                              "    at f (app/index.bundle.js:1:6)\n"
                              "    at g (app/index.bundle.js:9:1)\n"
                              "    at h (other.js:1:1) app/index.bundle.js");
  EXPECT_EQ(text,
            "app/a.ts:3:5: Error: boom\n"
            "    at f (app/a.ts:1:5)\n"
            "    at g (app/index.bundle.js:9:1)\n"  // no mapping for that line: kept
            "    at h (other.js:1:1) app/index.bundle.js");
}

TEST(SourceMap, WhatIsNotAMapIsIgnored) {
  EXPECT_TRUE(SourceMap::parse("not json") == nullptr);
  EXPECT_TRUE(SourceMap::parse("[]") == nullptr);
  EXPECT_TRUE(SourceMap::parse(R"({"sources":["a"]})") == nullptr);
  EXPECT_TRUE(SourceMap::parse(R"({"sources":["a"],"mappings":"AAAA,!!!!"})") == nullptr);
  // A segment naming a source that is not there.
  EXPECT_TRUE(SourceMap::parse(R"({"sources":["a"],"mappings":"ACAA"})") == nullptr);
  // A value with too many continuation digits.
  EXPECT_TRUE(SourceMap::parse(R"({"sources":["a"],"mappings":"gggggggggA"})") == nullptr);
}

}  // namespace
}  // namespace shoal
