// The platform's side of subrequests (control/host.capnp, `Subrequests`): each loaded
// version gets a capability holding its grants; through it, fetch() reaches the hosts its
// outbound allowlist names, and service bindings reach the tenant's other workers. Hosts
// have no network of their own (runtime/sandbox), so this is the only way out.
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>
#include <kj/string.h>
#include <kj/vector.h>

#include "control/bridge.h"
#include "control/host.capnp.h"
#include "runtime/worker.h"
#include "storage/code-store.h"

namespace kj {
class TlsContext;
}

namespace shoal {

// What one worker version may reach.
struct SubrequestGrants {
  kj::String worker;             // whose grants these are
  kj::Vector<kj::String> allow;  // outbound allowlist (control/outbound-policy.h)
  kj::Vector<ServiceBinding> services;
  // Whether allowlist entries naming a private, loopback or link-local address explicitly
  // may reach it (`shoal dev`, or `shoal serve --allow-private-outbound`). Otherwise every
  // subrequest must reach a public address.
  bool privateAddresses = false;
};

// Finds the worker a service binding names and runs a request on it (`shoal serve`).
class ServiceDirectory {
 public:
  virtual ~ServiceDirectory() noexcept(false) = default;

  // Runs `request` on the live version of `service`, if `caller` may reach it (the same
  // tenant's). The error is for the calling worker.
  virtual kj::Promise<SubrequestOutcome> callService(kj::StringPtr caller, kj::StringPtr service,
                                                     WorkerRequest request) = 0;
};

// Thread affinity: the thread of `io`'s event loop. One per front end; it must outlive the
// gates it makes, and `services` must outlive it.
class SubrequestGates {
 public:
  SubrequestGates(kj::AsyncIoContext& io, kj::Maybe<ServiceDirectory&> services);
  ~SubrequestGates() noexcept(false);
  KJ_DISALLOW_COPY(SubrequestGates);

  // The capability a host loads the version with.
  rpc::Subrequests::Client gateFor(SubrequestGrants grants);

  // fetch() under `grants`: the checks, then one HTTP/1.1 exchange on a new connection.
  kj::Promise<SubrequestOutcome> fetch(const SubrequestGrants& grants, WorkerRequest request);

  kj::Promise<SubrequestOutcome> service(const SubrequestGrants& grants, kj::StringPtr binding,
                                         WorkerRequest request);

 private:
  kj::AsyncIoContext& io;
  kj::Maybe<ServiceDirectory&> services;
  kj::HttpHeaderTable headerTable;
  kj::Maybe<kj::Own<kj::TlsContext>> tls;  // made on the first https: fetch
  class PumpErrors final : public kj::TaskSet::ErrorHandler {
    // A body the worker stopped reading, or that failed midway, is only cut off.
    void taskFailed(kj::Exception&&) override {}
  } pumpErrors;
  kj::TaskSet pumps{pumpErrors};  // response bodies streaming on to the hosts that asked

  kj::TlsContext& tlsContext();
  friend class Gate;
};

}  // namespace shoal
