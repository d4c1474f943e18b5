// Routing an invocation to a worker by its Host header. Kept apart from the front end so
// the rule can be unit-tested and fuzzed (tests/fuzz/) without a server.
#pragma once

#include <kj/common.h>
#include <kj/string.h>

namespace shoal {

// The worker a Host header names: the label before the first dot, lowercased
// ("Hello.localhost:8080" -> "hello", "hello.example.com" -> "hello"), so a real domain
// can point here too. nullptr when there is no dot, the first label is empty, or the
// host holds a comma or white space (two Host headers merged, or none well formed). `host`
// is outside input, taken as is: the name may hold any byte but '.', and is only ever
// looked up, never trusted.
kj::Maybe<kj::String> workerFromHost(kj::StringPtr host);

}  // namespace shoal
