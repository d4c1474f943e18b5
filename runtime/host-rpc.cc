#include "runtime/host-rpc.h"

namespace shoal {

namespace {

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

}  // namespace

capnp::MessageSize messageSize(const WorkerRequest& request, size_t extraText) {
  uint64_t words = ENVELOPE_WORDS + textWords(request.method.size()) +
                   textWords(request.url.size()) + headerWords(request.headers) +
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
}

WorkerRequest requestHeadFromRpc(rpc::Request::Reader in) {
  WorkerRequest request;
  request.method = kj::str(in.getMethod());
  request.url = kj::str(in.getUrl());
  for (auto header: in.getHeaders()) {
    request.headers.add(HttpHeader{kj::str(header.getName()), kj::str(header.getValue())});
  }
  request.serviceDepth = in.getServiceDepth();
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
