#include "control/outbound-policy.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstring>

namespace shoal {

namespace {

struct Entry {
  kj::String host;    // lower case; IPv6 in brackets
  unsigned port = 0;  // 0: any
};

bool isIpv4(kj::StringPtr text) {
  in_addr address;
  return inet_pton(AF_INET, text.cStr(), &address) == 1;
}

bool isBracketedIpv6(kj::StringPtr text) {
  if (text.size() < 3 || text[0] != '[' || text[text.size() - 1] != ']') return false;
  in6_addr address;
  return inet_pton(AF_INET6, kj::str(text.slice(1, text.size() - 1)).cStr(), &address) == 1;
}

bool isAddress(kj::StringPtr host) {
  return host == "localhost" || isIpv4(host) || isBracketedIpv6(host);
}

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.
bool isHostName(kj::StringPtr name) {
  if (name.size() == 0 || name.size() > 253) return false;
  size_t labelLength = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    char c = i < name.size() ? name[i] : '.';
    if (c == '.') {
      if (labelLength == 0 || labelLength > 63 || name[i - 1] == '-') return false;
      labelLength = 0;
    } else if (isalnum(static_cast<unsigned char>(c)) || (c == '-' && labelLength > 0)) {
      ++labelLength;
    } else {
      return false;
    }
  }
  return true;
}

kj::String lower(kj::ArrayPtr<const char> text) {
  auto copy = kj::heapString(text);
  for (auto& c : copy) c = tolower(static_cast<unsigned char>(c));
  return copy;
}

// Splits "host[:port]"; nullptr when the port is not a number from 1 to 65535 or an IPv6
// address is not in brackets.
kj::Maybe<Entry> splitPort(kj::StringPtr text) {
  Entry entry;
  kj::StringPtr rest;
  if (text.startsWith("[")) {
    KJ_IF_MAYBE (close, text.findFirst(']')) {
      entry.host = lower(text.slice(0, *close + 1));
      rest = text.slice(*close + 1);
    } else {
      return nullptr;
    }
  } else KJ_IF_MAYBE (colon, text.findFirst(':')) {
    if (text.slice(*colon + 1).findFirst(':') != nullptr) return nullptr;  // bare IPv6
    entry.host = lower(text.slice(0, *colon));
    rest = text.slice(*colon);
  } else {
    entry.host = lower(text);
  }
  if (rest.size() == 0) return kj::mv(entry);
  if (rest[0] != ':' || rest.size() < 2 || rest.size() > 6) return nullptr;
  unsigned port = 0;
  for (char c : rest.slice(1)) {
    if (!isdigit(static_cast<unsigned char>(c))) return nullptr;
    port = port * 10 + (c - '0');
  }
  if (port == 0 || port > 65535) return nullptr;
  entry.port = port;
  return kj::mv(entry);
}

kj::Maybe<kj::StringPtr> ipv4Kind(uint32_t a) {
  auto in = [a](uint32_t network, unsigned bits) {
    return bits == 0 || (a >> (32 - bits)) == (network >> (32 - bits));
  };
  if (in(0x00000000, 8)) return "unspecified"_kj;
  if (in(0x7f000000, 8)) return "loopback"_kj;
  if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16)) return "private"_kj;
  if (in(0xa9fe0000, 16)) return "link-local"_kj;
  if (in(0x64400000, 10)) return "shared"_kj;
  if (in(0xe0000000, 4)) return "multicast"_kj;
  // IETF protocol assignments, documentation, benchmarking, and 240/4 with broadcast.
  if (in(0xc0000000, 24) || in(0xc0000200, 24) || in(0xc6336400, 24) || in(0xcb007100, 24) ||
      in(0xc6120000, 15) || in(0xf0000000, 4)) {
    return "reserved"_kj;
  }
  return nullptr;
}

uint32_t ipv4At(const uint8_t* bytes) {
  return uint32_t(bytes[0]) << 24 | uint32_t(bytes[1]) << 16 | uint32_t(bytes[2]) << 8 | bytes[3];
}

kj::Maybe<kj::StringPtr> ipv6Kind(const uint8_t* b) {
  auto zeros = [b](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (b[i] != 0) return false;
    }
    return true;
  };
  if (zeros(0, 16)) return "unspecified"_kj;
  if (zeros(0, 15) && b[15] == 1) return "loopback"_kj;
  // An IPv4 address carried inside (mapped, NAT64, 6to4) is what gets reached.
  if (zeros(0, 10) && b[10] == 0xff && b[11] == 0xff) return ipv4Kind(ipv4At(b + 12));
  static const uint8_t NAT64[12] = {0, 0x64, 0xff, 0x9b};
  if (memcmp(b, NAT64, 12) == 0) return ipv4Kind(ipv4At(b + 12));
  if (b[0] == 0x20 && b[1] == 0x02) return ipv4Kind(ipv4At(b + 2));
  if ((b[0] & 0xfe) == 0xfc) return "private"_kj;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local"_kj;
  if (b[0] == 0xff) return "multicast"_kj;
  // Site-local (deprecated), IPv4-compatible (deprecated), discard, documentation.
  if ((b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) || zeros(0, 12) || (b[0] == 0x01 && zeros(1, 8)) ||
      (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)) {
    return "reserved"_kj;
  }
  return nullptr;
}

}  // namespace

kj::Maybe<kj::String> checkAllowEntry(kj::StringPtr text) {
  auto problem = [&](kj::StringPtr why) {
    return kj::str("outbound.allow entry '", text, "' ", why,
                   ": write a host (\"api.example.com\"), a wildcard (\"*.example.com\", \"*\") "
                   "or an address (\"10.0.0.5\", \"[fd00::1]\", \"localhost\"), with an optional "
                   "\":PORT\"");
  };
  KJ_IF_MAYBE (entry, splitPort(text)) {
    kj::StringPtr host = entry->host;
    if (host == "*" || isAddress(host)) return nullptr;
    if (host.startsWith("[")) return problem("is not an IPv6 address");
    if (host.startsWith("*.")) host = host.slice(2);
    if (!isHostName(host)) return problem("is not a host name");
    return nullptr;
  }
  return problem("has a bad port, or an IPv6 address without brackets");
}

kj::Maybe<AllowedBy> matchAllowlist(kj::ArrayPtr<const kj::String> allow, kj::StringPtr host,
                                    unsigned port) {
  kj::Maybe<AllowedBy> best;
  for (auto& text : allow) {
    KJ_IF_MAYBE (entry, splitPort(text)) {
      if (entry->port != 0 && entry->port != port) continue;
      kj::StringPtr pattern = entry->host;
      if (pattern == host) {
        if (isAddress(pattern)) return AllowedBy::ADDRESS;
        best = AllowedBy::NAME;
      } else if (pattern == "*" || (pattern.startsWith("*.") && host.size() > pattern.size() - 1 &&
                                    host.endsWith(pattern.slice(1)))) {
        best = AllowedBy::NAME;
      }
    }
  }
  return best;
}

kj::Maybe<kj::StringPtr> nonPublicKind(kj::StringPtr ip) {
  in_addr v4;
  if (inet_pton(AF_INET, ip.cStr(), &v4) == 1) {
    return ipv4Kind(ntohl(v4.s_addr));
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, ip.cStr(), &v6) == 1) return ipv6Kind(v6.s6_addr);
  return nullptr;
}

}  // namespace shoal
