#include "runtime/host-rpc.h"

#include <kj/debug.h>

#include <cstring>

namespace shoal {

namespace {

constexpr size_t BODY_SOURCE_CHUNK_BYTES = 64 * 1024;

class BodySourceServer final : public rpc::BodySource::Server {
 public:
  explicit BodySourceServer(kj::Own<kj::AsyncInputStream> body) : body(kj::mv(body)) {}

 protected:
  kj::Promise<void> read(ReadContext context) override {
    auto size = kj::min(size_t(context.getParams().getMaxBytes()), BODY_SOURCE_CHUNK_BYTES);
    auto buffer = kj::heapArray<kj::byte>(kj::max(size, size_t(1)));
    auto& into = *buffer.begin();
    return body->tryRead(&into, 1, buffer.size())
        .then([context, buffer = kj::mv(buffer)](size_t n) mutable {
          context.getResults().setBytes(buffer.slice(0, n));
        });
  }

 private:
  kj::Own<kj::AsyncInputStream> body;
};

class BodySourceReader final : public kj::AsyncInputStream {
 public:
  explicit BodySourceReader(rpc::BodySource::Client source) : source(kj::mv(source)) {}

  kj::Promise<size_t> tryRead(void* buffer, size_t minBytes, size_t maxBytes) override {
    if (ended || maxBytes == 0) return size_t(0);
    // What the last read brought beyond what its caller wanted goes first.
    if (leftover.size() > 0) {
      size_t n = kj::min(maxBytes, leftover.size());
      memcpy(buffer, leftover.begin(), n);
      leftover = kj::heapArray(leftover.slice(n, leftover.size()));
      if (n >= minBytes) return n;
      return tryRead(static_cast<kj::byte*>(buffer) + n, minBytes - n, maxBytes - n)
          .then([n](size_t more) { return n + more; });
    }
    auto call = source.readRequest();
    call.setMaxBytes(kj::min(maxBytes, BODY_SOURCE_CHUNK_BYTES));
    return call.send().then([this, buffer, minBytes, maxBytes](
                                capnp::Response<rpc::BodySource::ReadResults> result)
                                -> kj::Promise<size_t> {
      auto bytes = result.getBytes();
      if (bytes.size() == 0) {
        ended = true;
        return size_t(0);
      }
      size_t n = kj::min(maxBytes, bytes.size());
      memcpy(buffer, bytes.begin(), n);
      if (n < bytes.size()) leftover = kj::heapArray(bytes.slice(n, bytes.size()));
      if (n >= minBytes) return n;
      return tryRead(static_cast<kj::byte*>(buffer) + n, minBytes - n, maxBytes - n)
          .then([n](size_t more) { return n + more; });
    });
  }

 private:
  rpc::BodySource::Client source;
  kj::Array<kj::byte> leftover;
  bool ended = false;
};

// Words for a Text of `bytes` (its NUL included) and its pointer.
uint64_t textWords(size_t bytes) { return (bytes + 8) / 8 + 1; }

uint64_t headerWords(const kj::Vector<HttpHeader>& headers) {
  uint64_t words = 1;  // the list's tag
  for (auto& header: headers) {
    words += textWords(header.name.size()) + textWords(header.value.size());
  }
  return words;
}

// A struct's own words and those of the messages around it (call header, params), with room
// to spare: a guess over by a few words costs less than a second segment.
constexpr uint64_t ENVELOPE_WORDS = 32;

// A body streaming in over RPC, passed on to whoever reads `pipe` (the worker's JavaScript)
// at the reader's pace: each write returns once the reader took it. Past `limit` bytes, or
// dropped before its end, the reader sees an error, never a body that looks complete.
class BodyFeed final : public rpc::ByteStream::Server {
 public:
  BodyFeed(kj::Own<BodyPipe> pipe, size_t limit) : pipe(kj::mv(pipe)), limit(limit) {}

  ~BodyFeed() noexcept(false) {
    if (!ended) pipe->fail(KJ_EXCEPTION(DISCONNECTED, "the body was cut off before its end"));
  }

 protected:
  kj::Promise<void> write(WriteContext context) override {
    auto chunk = context.getParams().getBytes();
    received += chunk.size();
    if (received > limit) {
      ended = true;
      pipe->fail(KJ_EXCEPTION(FAILED, "the body is too large", limit));
      KJ_FAIL_REQUIRE("request body too large", limit);
    }
    return pipe->write(kj::heapArray(chunk));
  }

  kj::Promise<void> end(EndContext context) override {
    ended = true;
    pipe->end();
    return kj::READY_NOW;
  }

 private:
  kj::Own<BodyPipe> pipe;
  size_t limit;
  size_t received = 0;
  bool ended = false;
};

// Copies a body to `stream` a chunk at a time, under Cap'n Proto's flow control, then ends
// it. Past `limit` bytes it fails ("request body too large"): the stream never gets its end.
kj::Promise<void> pumpChunks(kj::AsyncInputStream& from, rpc::ByteStream::Client stream,
                             size_t limit, size_t sent, kj::Array<kj::byte> buffer) {
  auto read = from.tryRead(buffer.begin(), 1, buffer.size());
  return read.then([&from, stream, limit, sent, buffer = kj::mv(buffer)](
                       size_t n) mutable -> kj::Promise<void> {
    if (n == 0) return stream.endRequest().send().ignoreResult();
    KJ_REQUIRE(sent + n <= limit, "request body too large", limit);
    auto request = stream.writeRequest();
    request.setBytes(buffer.slice(0, n));
    return request.send().then([&from, stream, limit, sent, n,
                                buffer = kj::mv(buffer)]() mutable {
      return pumpChunks(from, kj::mv(stream), limit, sent + n, kj::mv(buffer));
    });
  });
}

}  // namespace

kj::Own<kj::AsyncInputStream> newBodySourceReader(rpc::BodySource::Client source) {
  return kj::heap<BodySourceReader>(kj::mv(source));
}

rpc::BodySource::Client newBodySource(kj::Own<kj::AsyncInputStream> body) {
  return kj::heap<BodySourceServer>(kj::mv(body));
}

rpc::ByteStream::Client newBodyFeed(kj::Own<BodyPipe> pipe, size_t limit) {
  return kj::heap<BodyFeed>(kj::mv(pipe), limit);
}

kj::Promise<void> pumpToByteStream(kj::AsyncInputStream& from, rpc::ByteStream::Client stream,
                                   size_t limit) {
  return pumpChunks(from, kj::mv(stream), limit, 0,
                    kj::heapArray<kj::byte>(BODY_SOURCE_CHUNK_BYTES));
}

void sendBodyStream(WorkerRequest& request, rpc::Request::Builder out) {
  KJ_IF_MAYBE(stream, request.bodyStream) {
    out.setBodyStreams(true);
    out.setBodySource(newBodySource(kj::mv(*stream)));
  }
}

WorkerRequest requestFromRpc(rpc::Request::Reader in) {
  auto request = requestHeadFromRpc(in);
  if (in.getHasBody()) request.body = kj::heapArray(in.getBody());
  if (in.getBodyStreams() && in.hasBodySource()) {
    request.bodyStream = newBodySourceReader(in.getBodySource());
  }
  return request;
}


capnp::MessageSize messageSize(const WorkerRequest& request, size_t extraText) {
  uint64_t words = ENVELOPE_WORDS + textWords(request.method.size()) +
                   textWords(request.url.size()) + headerWords(request.headers) +
                   textWords(request.requestId.size()) +
                   textWords(extraText);
  KJ_IF_MAYBE(body, request.body) words += textWords(body->size());
  return {words, 2};
}

capnp::MessageSize messageSize(const WorkerResponse& response, size_t extraText) {
  uint64_t words = ENVELOPE_WORDS + textWords(response.statusText.size()) +
                   headerWords(response.headers) + textWords(response.body.size()) +
                   textWords(extraText);
  return {words, 1};
}

void toRpc(const WorkerRequest& request, rpc::Request::Builder out) {
  out.setMethod(request.method);
  out.setUrl(request.url);
  auto headers = out.initHeaders(request.headers.size());
  for (auto i: kj::indices(request.headers)) {
    headers[i].setName(request.headers[i].name);
    headers[i].setValue(request.headers[i].value);
  }
  KJ_IF_MAYBE(body, request.body) {
    out.setHasBody(true);
    out.setBody(*body);
  }
  out.setServiceDepth(kj::min(request.serviceDepth, 255u));
  out.setRequestId(request.requestId);
}

WorkerRequest requestHeadFromRpc(rpc::Request::Reader in) {
  WorkerRequest request;
  request.method = kj::str(in.getMethod());
  request.url = kj::str(in.getUrl());
  for (auto header: in.getHeaders()) {
    request.headers.add(HttpHeader{kj::str(header.getName()), kj::str(header.getValue())});
  }
  request.serviceDepth = in.getServiceDepth();
  request.requestId = kj::str(in.getRequestId());
  return request;
}

WorkerResponse fromRpc(rpc::Response::Reader in) {
  WorkerResponse response;
  response.status = in.getStatus();
  response.statusText = kj::str(in.getStatusText());
  for (auto header: in.getHeaders()) {
    response.headers.add(HttpHeader{kj::str(header.getName()), kj::str(header.getValue())});
  }
  response.body = kj::heapArray(in.getBody());
  return response;
}

void toRpc(const WorkerResponse& response, rpc::Response::Builder out) {
  out.setStatus(response.status);
  out.setStatusText(response.statusText);
  auto headers = out.initHeaders(response.headers.size());
  for (auto i: kj::indices(response.headers)) {
    headers[i].setName(response.headers[i].name);
    headers[i].setValue(response.headers[i].value);
  }
  out.setBody(response.body);
}

SubrequestOutcome fromRpc(rpc::SubrequestReply::Reader in) {
  SubrequestOutcome outcome;
  switch (in.which()) {
    case rpc::SubrequestReply::RESPONSE: outcome.response = fromRpc(in.getResponse()); break;
    case rpc::SubrequestReply::ERROR: outcome.error = kj::str(in.getError()); break;
  }
  return outcome;
}

}  // namespace shoal
