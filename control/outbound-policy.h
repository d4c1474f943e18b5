// Which hosts a worker's fetch() may reach: its manifest's `"outbound": {"allow": [...]}`.
// Pure functions over names and addresses; control/subrequests does the connecting.
#pragma once

#include <kj/string.h>

namespace shoal {

// An allowlist entry is one of, optionally followed by ":PORT" (without it, any port):
//   "api.example.com"   that host only
//   "*.example.com"     any subdomain of example.com, not example.com itself
//   "*"                 any host
//   "203.0.113.7", "[2001:db8::1]", "localhost"   an address, named explicitly
// Returns the message for the user when `entry` is none of these.
kj::Maybe<kj::String> checkAllowEntry(kj::StringPtr entry);

// How an allowlist lets a host through.
enum class AllowedBy {
  NAME,     // a host name or wildcard: the host must resolve to public addresses only
  ADDRESS,  // an address named explicitly ("10.0.0.5", "localhost"): it may be private
};

// Which entry of `allow` lets fetch() reach `host` (lower case; an IPv6 address in
// brackets) on `port`, or nullptr when none does. An explicit address entry wins over a
// wildcard that also matches.
kj::Maybe<AllowedBy> matchAllowlist(kj::ArrayPtr<const kj::String> allow, kj::StringPtr host,
                                    unsigned port);

// What kind of address `ip` ("192.0.2.1" or "2001:db8::1", no brackets or port) is when it
// is not a public unicast one: "loopback", "private", "link-local", "shared" (carrier NAT),
// "multicast", "unspecified" or "reserved". nullptr for a public address (and for text that
// is not an address, which the caller never passes).
kj::Maybe<kj::StringPtr> nonPublicKind(kj::StringPtr ip);

}  // namespace shoal
