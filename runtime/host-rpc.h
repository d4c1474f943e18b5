// Conversions between the worker's requests and responses (runtime/worker.h) and their
// form in control/host.capnp, for both ends of the host RPC.
#pragma once

#include "control/host.capnp.h"
#include "runtime/body-pipe.h"
#include "runtime/worker.h"

namespace shoal {

// The whole request, body included when it has one.
void toRpc(const WorkerRequest& request, rpc::Request::Builder out);

// Method, URL and headers. The body can travel inline or as a stream, so the caller
// takes it.
WorkerRequest requestHeadFromRpc(rpc::Request::Reader in);

// The whole request as toRpc and sendBodyStream gave it: its body inline, or (a subrequest's
// or a session event's) streaming from its bodySource.
WorkerRequest requestFromRpc(rpc::Request::Reader in);

// When `request` has a bodyStream: marks `out` so and hands the stream over as its
// bodySource, read a chunk per call by whoever gets the request.
void sendBodyStream(WorkerRequest& request, rpc::Request::Builder out);

// A ByteStream whose writes go to `pipe`'s reader, each once it took it. Past `limit` bytes,
// or dropped before its end(), the reader sees an error, never a body that looks complete.
rpc::ByteStream::Client newBodyFeed(kj::Own<BodyPipe> pipe, size_t limit);

// Copies `from` to `stream` in chunks, then ends it. Fails if more than `limit` bytes come
// ("request body too large"), or if `from` fails: then `stream` never gets its end().
kj::Promise<void> pumpToByteStream(kj::AsyncInputStream& from, rpc::ByteStream::Client stream,
                                   size_t limit);

// The two ends of a BodySource: the reading end over a client, the serving end over a body.
kj::Own<kj::AsyncInputStream> newBodySourceReader(rpc::BodySource::Client source);
rpc::BodySource::Client newBodySource(kj::Own<kj::AsyncInputStream> body);

WorkerResponse fromRpc(rpc::Response::Reader in);

// The whole response, body inline.
void toRpc(const WorkerResponse& response, rpc::Response::Builder out);

SubrequestOutcome fromRpc(rpc::SubrequestReply::Reader in);

// About how many words the message carrying `request` or `response` (with `extraText`
// bytes of other text beside it, such as worker and version names) takes, for the
// `sizeHint` of a call or its results. Without one, Cap'n Proto starts every message with
// an 8 KiB zeroed segment, the biggest single cost of a dev request's in-process call
// (bench/README.md); a guess that is short only means a second segment.
capnp::MessageSize messageSize(const WorkerRequest& request, size_t extraText = 0);
capnp::MessageSize messageSize(const WorkerResponse& response, size_t extraText = 0);

}  // namespace shoal
