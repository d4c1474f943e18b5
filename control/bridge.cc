#include "control/bridge.h"

namespace shoal {

kj::Promise<kj::Maybe<WorkerRequest>> readHttpRequest(kj::HttpMethod method, kj::String url,
                                                      const kj::HttpHeaders& headers,
                                                      kj::AsyncInputStream& body,
                                                      size_t bodyLimit) {
  WorkerRequest request;
  request.method = kj::str(method);
  request.url = kj::mv(url);
  headers.forEach([&](kj::StringPtr name, kj::StringPtr value) {
    request.headers.add(HttpHeader{kj::heapString(name), kj::heapString(value)});
  });
  if (body.tryGetLength().orDefault(0) > bodyLimit) {
    return kj::Maybe<WorkerRequest>(nullptr);
  }
  // One byte past the limit tells a too-large chunked body from one that fits. An empty
  // body is no body (request.body is null), as in Workers.
  return body.readAllBytes(bodyLimit + 1)
      .then([request = kj::mv(request),
             bodyLimit](kj::Array<kj::byte> bytes) mutable -> kj::Maybe<WorkerRequest> {
        if (bytes.size() > bodyLimit) return nullptr;
        if (bytes.size() > 0) request.body = kj::mv(bytes);
        return kj::mv(request);
      });
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

kj::Promise<void> sendWorkerResponse(kj::HttpService::Response& out,
                                     const kj::HttpHeaderTable& table, WorkerResponse response) {
  kj::HttpHeaders headers(table);
  for (auto& header: response.headers) headers.add(kj::mv(header.name), kj::mv(header.value));
  auto stream = out.send(response.status, response.statusText, headers,
                         uint64_t(response.body.size()));
  auto promise = stream->write(response.body.begin(), response.body.size());
  return promise.attach(kj::mv(stream), kj::mv(response));
}

kj::Promise<void> sendText(kj::HttpService::Response& out, const kj::HttpHeaderTable& table,
                           unsigned status, kj::StringPtr contentType, kj::String body) {
  kj::HttpHeaders headers(table);
  headers.set(kj::HttpHeaderId::CONTENT_TYPE, contentType);
  auto stream = out.send(status, reasonPhrase(status), headers, uint64_t(body.size()));
  auto promise = stream->write(body.begin(), body.size());
  return promise.attach(kj::mv(stream), kj::mv(body));
}

kj::StringPtr reasonPhrase(unsigned status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

}  // namespace shoal
