// Conversions between the worker's requests and responses (runtime/worker.h) and their
// form in control/host.capnp, for both ends of the host RPC.
#pragma once

#include "control/host.capnp.h"
#include "runtime/worker.h"

namespace shoal {

// The whole request, body included when it has one.
void toRpc(const WorkerRequest& request, rpc::Request::Builder out);

// Method, URL and headers. The body can travel inline or as a stream, so the caller
// takes it.
WorkerRequest requestHeadFromRpc(rpc::Request::Reader in);

WorkerResponse fromRpc(rpc::Response::Reader in);

// The whole response, body inline.
void toRpc(const WorkerResponse& response, rpc::Response::Builder out);

SubrequestOutcome fromRpc(rpc::SubrequestReply::Reader in);

}  // namespace shoal
