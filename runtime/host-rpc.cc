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
}

WorkerRequest requestHeadFromRpc(rpc::Request::Reader in) {
  WorkerRequest request;
  request.method = kj::str(in.getMethod());
  request.url = kj::str(in.getUrl());
  for (auto header: in.getHeaders()) {
    request.headers.add(HttpHeader{kj::str(header.getName()), kj::str(header.getValue())});
  }
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

}  // namespace shoal
