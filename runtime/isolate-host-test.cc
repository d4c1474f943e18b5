#include "runtime/isolate-host.h"

#include <gtest/gtest.h>
#include <kj/async-io.h>
#include <kj/debug.h>
#include <stdlib.h>

#include "runtime/testing.h"

namespace shoal {
namespace {

// Answers nothing: these responses fit inline.
class NullSink final : public rpc::ResponseSink::Server {};

// A host in-process, idle isolates compacted after `idleCompaction`.
struct TestHost {
  explicit TestHost(kj::Duration idleCompaction) {
    char path[] = "/tmp/shoal-isolate-host-test-XXXXXX";
    KJ_REQUIRE(mkdtemp(path) != nullptr);
    IsolateHostOptions options{kj::str(path), true};
    options.idleCompaction = idleCompaction;
    host = newIsolateHost(testV8System(), io.provider->getTimer(), kj::mv(options));
  }

  void load(kj::StringPtr source) {
    auto load = host.loadRequest();
    auto version = load.initVersion();
    version.setWorker("w");
    version.setVersion("v1");
    version.setMainModule("worker.js");
    auto module = version.initModules(1)[0];
    module.setPath("worker.js");
    module.setSource(source);
    KJ_ASSERT(load.send().wait(io.waitScope).getError() == "");
  }

  kj::Promise<kj::String> dispatch(kj::StringPtr path = "/") {
    auto call = host.dispatchRequest();
    call.setWorker("w");
    call.setVersion("v1");
    call.setSink(kj::heap<NullSink>());
    auto request = call.initRequest();
    request.setMethod("GET");
    request.setUrl(kj::str("http://w.localhost", path));
    return call.send().then(
        [](auto result) { return kj::str(result.getResponse().getBody().asChars()); });
  }

  uint64_t compactions() {
    return host.statsRequest().send().wait(io.waitScope).getStats().getCompactions();
  }

  void sleep(kj::Duration duration) {
    io.provider->getTimer().afterDelay(duration).wait(io.waitScope);
  }

  kj::AsyncIoContext io = kj::setupAsyncIo();
  rpc::IsolateHost::Client host = nullptr;
};

TEST(IsolateHost, AnIdleIsolateIsCompactedOnceUntilItGrows) {
  TestHost host(20 * kj::MILLISECONDS);
  // Each /garbage request leaves ~1 MiB of garbage behind.
  host.load(R"(export default { fetch(request) {
    if (request.url.endsWith("/garbage")) {
      for (let i = 0; i < 1000; ++i) new Array(128).fill(i);
    }
    return new Response("ok"); } })");
  EXPECT_EQ(host.dispatch().wait(host.io.waitScope), "ok");
  EXPECT_EQ(host.compactions(), 0u);  // not idle yet
  host.sleep(100 * kj::MILLISECONDS);
  EXPECT_EQ(host.compactions(), 1u);

  // Used again, but not grown enough: left alone.
  EXPECT_EQ(host.dispatch().wait(host.io.waitScope), "ok");
  host.sleep(100 * kj::MILLISECONDS);
  EXPECT_EQ(host.compactions(), 1u);

  // Grown: compacted again once idle.
  EXPECT_EQ(host.dispatch("/garbage").wait(host.io.waitScope), "ok");
  host.sleep(100 * kj::MILLISECONDS);
  EXPECT_EQ(host.compactions(), 2u);
  EXPECT_EQ(host.dispatch().wait(host.io.waitScope), "ok");
}

TEST(IsolateHost, AnIsolateWithARequestInFlightIsNotCompacted) {
  TestHost host(20 * kj::MILLISECONDS);
  host.load(R"(export default { async fetch() {
    await new Promise((resolve) => setTimeout(resolve, 150));
    return new Response("late"); } })");
  auto response = host.dispatch();
  host.sleep(100 * kj::MILLISECONDS);
  EXPECT_EQ(host.compactions(), 0u);
  EXPECT_EQ(response.wait(host.io.waitScope), "late");
  host.sleep(100 * kj::MILLISECONDS);
  EXPECT_EQ(host.compactions(), 1u);
}

TEST(IsolateHost, ABigIsolateIsNotCompacted) {
  // Compacting stalls the host's thread the longer the more the isolate holds.
  TestHost host(20 * kj::MILLISECONDS);
  host.load(R"(let kept;
  export default { fetch() { kept = new Uint8Array(24 << 20);
    return new Response("ok"); } })");
  EXPECT_EQ(host.dispatch().wait(host.io.waitScope), "ok");
  host.sleep(100 * kj::MILLISECONDS);
  EXPECT_EQ(host.compactions(), 0u);
}

TEST(IsolateHost, CompactionCanBeTurnedOff) {
  TestHost host(0 * kj::SECONDS);
  host.load("export default { fetch() { return new Response('ok'); } };");
  EXPECT_EQ(host.dispatch().wait(host.io.waitScope), "ok");
  host.sleep(50 * kj::MILLISECONDS);
  EXPECT_EQ(host.compactions(), 0u);
}

}  // namespace
}  // namespace shoal
