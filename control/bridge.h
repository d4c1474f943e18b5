// Between HTTP (kj::HttpService) and the host RPC (control/host.capnp): the conversions
// `shoal dev` and `shoal serve` share.
#pragma once

#include <kj/compat/http.h>

#include "control/host.capnp.h"
#include "runtime/host-rpc.h"
#include "runtime/worker.h"

namespace shoal {

// Bodies up to this size travel inside one RPC; bigger or unknown-length ones stream.
constexpr size_t INLINE_BODY_BYTES = 64 * 1024;

struct IncomingRequest {
  WorkerRequest request;  // with the body when it is small
  kj::Maybe<kj::AsyncInputStream&> bodyStream;  // else the body, still to read
};

// A fresh name for a client's request (16 hex digits): the worker's log lines about it say
// it, and the client gets it in the REQUEST_ID_HEADER of the answer.
kj::String newRequestId();
constexpr const char* REQUEST_ID_HEADER = "shoal-request-id";

// An incoming request for `url` (absolute), named `requestId`. A body of known length up to
// INLINE_BODY_BYTES is read now; a bigger or chunked one is left to stream. Resolves to
// nullptr if the body is known to be longer than `bodyLimit` (answer 413).
kj::Promise<kj::Maybe<IncomingRequest>> readHttpRequest(kj::HttpMethod method, kj::String url,
                                                        const kj::HttpHeaders& headers,
                                                        kj::AsyncInputStream& body,
                                                        size_t bodyLimit, kj::String requestId);

// A streamed body's length when the worker's runtime knew it in advance (a FixedLengthStream's
// readable side: runtime/js/fetch.js then puts it in the head as Content-Length, in place of any
// the worker set), else nullptr: the body goes chunked. kj's framing holds the body to it (a
// body that comes out shorter or longer fails the exchange), so a wrong value cannot smuggle.
kj::Maybe<uint64_t> streamedBodyLength(const kj::Vector<HttpHeader>& headers);

// Sends a response: `response.body`, or when `bodyStream` is set, the bytes read from it
// (then `response` holds only the head; its length is streamedBodyLength's, else chunked).
// A `requestId` goes out as REQUEST_ID_HEADER.
kj::Promise<void> sendWorkerResponse(kj::HttpService::Response& out,
                                     const kj::HttpHeaderTable& table, WorkerResponse response,
                                     kj::Maybe<kj::Own<kj::AsyncInputStream>> bodyStream,
                                     kj::StringPtr requestId);

kj::Promise<void> sendText(kj::HttpService::Response& out, const kj::HttpHeaderTable& table,
                           unsigned status, kj::StringPtr contentType, kj::String body,
                           kj::StringPtr requestId = nullptr);

// Whether a request's headers ("Name: value\r\n" each) fit in `limit` bytes; if not, the
// caller answers with sendHeadersTooLarge().
bool headersFit(const kj::HttpHeaders& headers, size_t limit);
kj::Promise<void> sendHeadersTooLarge(kj::HttpService::Response& out,
                                      const kj::HttpHeaderTable& table, size_t limit,
                                      kj::StringPtr requestId);

// "Not Found" for 404, and so on; "" for codes without a phrase here.
kj::StringPtr reasonPhrase(unsigned status);

}  // namespace shoal
