#include "runtime/host-rpc.h"

namespace shoal {

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
