// Placement: consistent hashing spreads workers evenly, and adding a host moves only
// the workers the new host takes.

#include "control/host-pool.h"

#include <gtest/gtest.h>

namespace shoal {
namespace {

class NoVersions final : public VersionSource {
 public:
  kj::Maybe<rpc::Subrequests::Client> fillVersion(kj::StringPtr, kj::StringPtr,
                                                  rpc::WorkerVersion::Builder) override {
    return nullptr;
  }
};

kj::Own<HostPool> poolOf(kj::AsyncIoContext& io, VersionSource& versions, unsigned hosts) {
  HostPoolOptions options;
  for (unsigned i = 0; i < hosts; ++i) {
    options.remoteHosts.add(kj::str("tcp:10.0.0.", i + 1, ":7000"));
  }
  return kj::heap<HostPool>(io, versions, kj::mv(options));  // never started: no sockets
}

TEST(HostPlacement, SpreadsWorkersEvenly) {
  auto io = kj::setupAsyncIo();
  NoVersions versions;
  auto pool = poolOf(io, versions, 4);
  unsigned counts[4] = {};
  for (int i = 0; i < 4000; ++i) ++counts[pool->hostFor(kj::str("worker-", i))];
  for (auto count: counts) {
    EXPECT_GT(count, 600u);  // an even share is 1000
    EXPECT_LT(count, 1400u);
  }
}

TEST(HostPlacement, IsStableAndAddingAHostMovesFew) {
  auto io = kj::setupAsyncIo();
  NoVersions versions;
  auto three = poolOf(io, versions, 3);
  auto again = poolOf(io, versions, 3);
  auto four = poolOf(io, versions, 4);
  unsigned moved = 0;
  for (int i = 0; i < 4000; ++i) {
    auto name = kj::str("worker-", i);
    EXPECT_EQ(three->hostFor(name), again->hostFor(name));
    if (three->hostFor(name) != four->hostFor(name)) {
      ++moved;
      EXPECT_EQ(four->hostFor(name), 3u) << "a worker moved between two old hosts";
    }
  }
  EXPECT_GT(moved, 600u);   // the new host takes its share, about 1000...
  EXPECT_LT(moved, 1500u);  // ...and no more
}

}  // namespace
}  // namespace shoal
