#include "control/json.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

std::string decoded(kj::StringPtr json) {
  capnp::MallocMessageBuilder message;
  return parseJson(json.asArray(), message).getString().cStr();
}

TEST(Json, EscapedCharactersDecodeToTheirUtf8) {
  EXPECT_EQ(decoded(R"("gr\u00fc\u00dfe")"), "grüße");
  EXPECT_EQ(decoded(R"("\u4e16\u754c")"), "世界");
  EXPECT_EQ(decoded(R"("\ud83d\udc1f")"), "🐟");
  EXPECT_EQ(decoded(R"("\ud83d alone")"), "\xef\xbf\xbd alone");
  // ASCII escapes and the rest are the decoder's, as they were.
  EXPECT_EQ(decoded(R"("\u0041\u0022\"\\\n\/")"), "A\"\"\\\n/");
  EXPECT_EQ(decoded(R"("a \\u00df stays")"), "a \\u00df stays");
  EXPECT_EQ(decoded(R"("raw ß stays")"), "raw ß stays");
}

}  // namespace
}  // namespace shoal
