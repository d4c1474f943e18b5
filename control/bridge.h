// Between HTTP (kj::HttpService) and the host RPC (control/host.capnp): the conversions
// `shoal dev` and `shoal serve` share.
#pragma once

#include <kj/compat/http.h>

#include "control/host.capnp.h"
#include "runtime/worker.h"

namespace shoal {

// Reads an incoming request, body included, into a WorkerRequest for `url` (absolute).
// Resolves to nullptr if the body is longer than `bodyLimit` (answer 413).
kj::Promise<kj::Maybe<WorkerRequest>> readHttpRequest(kj::HttpMethod method, kj::String url,
                                                      const kj::HttpHeaders& headers,
                                                      kj::AsyncInputStream& body,
                                                      size_t bodyLimit);

void toRpc(const WorkerRequest& request, rpc::Request::Builder out);
WorkerResponse fromRpc(rpc::Response::Reader response);

kj::Promise<void> sendWorkerResponse(kj::HttpService::Response& out,
                                     const kj::HttpHeaderTable& table, WorkerResponse response);

kj::Promise<void> sendText(kj::HttpService::Response& out, const kj::HttpHeaderTable& table,
                           unsigned status, kj::StringPtr contentType, kj::String body);

// "Not Found" for 404, and so on; "" for codes without a phrase here.
kj::StringPtr reasonPhrase(unsigned status);

}  // namespace shoal
