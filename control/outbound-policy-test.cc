#include "control/outbound-policy.h"

#include <gtest/gtest.h>
#include <kj/vector.h>

#include <cstring>

namespace shoal {
namespace {

kj::Maybe<AllowedBy> match(std::initializer_list<const char*> entries, const char* host,
                           unsigned port) {
  kj::Vector<kj::String> allow;
  for (auto entry : entries) allow.add(kj::str(entry));
  return matchAllowlist(allow, host, port);
}

TEST(OutboundPolicy, EntriesAreCheckedWhenDeployed) {
  for (auto good :
       {"api.example.com", "*.example.com", "*", "api.example.com:8443", "10.0.0.5",
        "10.0.0.5:9000", "[fd00::1]", "[::1]:80", "localhost:8080", "API.Example.COM"}) {
    EXPECT_TRUE(checkAllowEntry(good) == nullptr) << good;
  }
  for (auto bad : {"", "http://api.example.com", "api.example.com/path", "fd00::1",
                   "api.example.com:0", "api.example.com:65536", "api.example.com:x",
                   "-bad.example.com", "a..b", "*.", "**.example.com", "[not-v6]", "a b"}) {
    KJ_IF_MAYBE (message, checkAllowEntry(bad)) {
      EXPECT_NE(strstr(message->cStr(), "outbound.allow entry"), nullptr) << message->cStr();
    } else {
      ADD_FAILURE() << "accepted '" << bad << "'";
    }
  }
}

TEST(OutboundPolicy, HostsMatchByNameWildcardAndPort) {
  EXPECT_TRUE(match({"api.example.com"}, "api.example.com", 443) == AllowedBy::NAME);
  EXPECT_TRUE(match({"API.example.com"}, "api.example.com", 443) == AllowedBy::NAME);
  EXPECT_TRUE(match({"api.example.com"}, "www.example.com", 443) == nullptr);
  EXPECT_TRUE(match({"api.example.com"}, "api.example.com.evil.net", 443) == nullptr);
  EXPECT_TRUE(match({"*.example.com"}, "a.b.example.com", 80) == AllowedBy::NAME);
  EXPECT_TRUE(match({"*.example.com"}, "example.com", 80) == nullptr);
  EXPECT_TRUE(match({"*.example.com"}, "badexample.com", 80) == nullptr);
  EXPECT_TRUE(match({"api.example.com:8443"}, "api.example.com", 443) == nullptr);
  EXPECT_TRUE(match({"api.example.com:8443"}, "api.example.com", 8443) == AllowedBy::NAME);
  EXPECT_TRUE(match({"*"}, "anything.test", 1234) == AllowedBy::NAME);
  EXPECT_TRUE(match({}, "api.example.com", 443) == nullptr);
}

TEST(OutboundPolicy, AddressesNamedExplicitlyAreTheOnlyWayToPrivateOnes) {
  // "*" lets the name through, but only as a name: its address must then be public.
  EXPECT_TRUE(match({"*"}, "127.0.0.1", 80) == AllowedBy::NAME);
  EXPECT_TRUE(match({"*", "127.0.0.1:9000"}, "127.0.0.1", 9000) == AllowedBy::ADDRESS);
  EXPECT_TRUE(match({"127.0.0.1:9000"}, "127.0.0.1", 9001) == nullptr);
  EXPECT_TRUE(match({"localhost"}, "localhost", 8080) == AllowedBy::ADDRESS);
  EXPECT_TRUE(match({"[::1]"}, "[::1]", 80) == AllowedBy::ADDRESS);
}

TEST(OutboundPolicy, AddressKinds) {
  auto kind = [](const char* ip) -> std::string {
    KJ_IF_MAYBE (k, nonPublicKind(ip)) return k->cStr();
    return "public";
  };
  EXPECT_EQ(kind("8.8.8.8"), "public");
  EXPECT_EQ(kind("1.1.1.1"), "public");
  EXPECT_EQ(kind("2606:4700:4700::1111"), "public");
  EXPECT_EQ(kind("127.0.0.1"), "loopback");
  EXPECT_EQ(kind("127.255.0.9"), "loopback");
  EXPECT_EQ(kind("::1"), "loopback");
  EXPECT_EQ(kind("10.1.2.3"), "private");
  EXPECT_EQ(kind("172.16.0.1"), "private");
  EXPECT_EQ(kind("172.31.255.255"), "private");
  EXPECT_EQ(kind("172.32.0.1"), "public");
  EXPECT_EQ(kind("192.168.1.1"), "private");
  EXPECT_EQ(kind("fd12:3456::1"), "private");
  EXPECT_EQ(kind("169.254.169.254"), "link-local");
  EXPECT_EQ(kind("fe80::1"), "link-local");
  EXPECT_EQ(kind("100.64.0.1"), "shared");
  EXPECT_EQ(kind("0.0.0.0"), "unspecified");
  EXPECT_EQ(kind("::"), "unspecified");
  EXPECT_EQ(kind("224.0.0.1"), "multicast");
  EXPECT_EQ(kind("ff02::1"), "multicast");
  EXPECT_EQ(kind("255.255.255.255"), "reserved");
  EXPECT_EQ(kind("192.0.2.10"), "reserved");
  // IPv4 carried in IPv6 is judged by the IPv4 address it reaches.
  EXPECT_EQ(kind("::ffff:127.0.0.1"), "loopback");
  EXPECT_EQ(kind("::ffff:169.254.169.254"), "link-local");
  EXPECT_EQ(kind("::ffff:8.8.8.8"), "public");
  EXPECT_EQ(kind("64:ff9b::10.0.0.1"), "private");
  EXPECT_EQ(kind("2002:7f00:1::"), "loopback");
}

}  // namespace
}  // namespace shoal
