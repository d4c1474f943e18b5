// `shoal serve`: the routing front end. Serves invocations (http://NAME.localhost:PORT/)
// by dispatching them to isolate hosts over Cap'n Proto RPC, and the control API
// (deploy, list, versions, rollback, delete, tenants, tokens, metrics) on a second port.
#pragma once

#include <kj/async-io.h>
#include <kj/string.h>
#include <kj/vector.h>

namespace shoal {

struct ServeOptions {
  kj::String listenAddress = kj::str("127.0.0.1");
  unsigned port = 8080;         // invocations; 0 picks a free port
  unsigned controlPort = 8081;  // control API; 0 picks a free port
  kj::String dataDir = kj::str(".shoal");
  unsigned localHosts = 0;  // host processes to start; 0 and no remote hosts: one per core
  kj::Vector<kj::String> remoteHosts;  // "tcp:ADDR" of hosts started elsewhere
  kj::String shoalBinary;              // to start local hosts with
  size_t isolateMemoryBudgetMib = 0;   // per local host; 0: none
  uint32_t defaultCpuMs = 0;           // limits for workers that set none; 0: runtime/limits.h
  uint32_t defaultMemoryMib = 0;
  uint32_t defaultWallMs = 0;
  // Whether a worker's outbound allowlist may grant a private, loopback or link-local address
  // by naming it; otherwise fetch() reaches public addresses only.
  bool allowPrivateOutbound = false;
};

// Serves until the process ends. Prints, once listening:
//   shoal serve: workers on http://localhost:<port>/ (as NAME.localhost)
//   shoal serve: control API on http://localhost:<controlPort>/
// and on the first start with a fresh data folder, the admin token, once.
kj::Promise<void> runFrontEnd(kj::AsyncIoContext& io, ServeOptions options);

}  // namespace shoal
