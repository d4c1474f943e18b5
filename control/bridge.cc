#include "control/bridge.h"

#include <kj/debug.h>
#include <strings.h>

#include <cstring>
#include <random>

namespace shoal {

kj::String newRequestId() {
  // Random, so that ids from restarts and from other front ends do not repeat.
  static thread_local std::mt19937_64 random(std::random_device{}());
  return kj::str(kj::hex(uint64_t(random() | (1ull << 63))));  // the top bit: always 16 digits
}

kj::Promise<kj::Maybe<IncomingRequest>> readHttpRequest(kj::HttpMethod method, kj::String url,
                                                        const kj::HttpHeaders& headers,
                                                        kj::AsyncInputStream& body,
                                                        size_t bodyLimit, kj::String requestId) {
  IncomingRequest incoming;
  auto& request = incoming.request;
  request.method = kj::str(method);
  request.url = kj::mv(url);
  request.requestId = kj::mv(requestId);
  headers.forEach([&](kj::StringPtr name, kj::StringPtr value) {
    request.headers.add(HttpHeader{kj::heapString(name), kj::heapString(value)});
  });
  auto length = body.tryGetLength();
  KJ_IF_MAYBE(size, length) {
    if (*size > bodyLimit) return kj::Maybe<IncomingRequest>(nullptr);
    // No body at all (an empty body is no body, request.body is null, as in Workers).
    if (*size == 0) return kj::Maybe<IncomingRequest>(kj::mv(incoming));
    if (*size <= INLINE_BODY_BYTES) {
      return body.readAllBytes(*size + 1).then(
          [incoming = kj::mv(incoming)](kj::Array<kj::byte> bytes) mutable {
            incoming.request.body = kj::mv(bytes);
            return kj::Maybe<IncomingRequest>(kj::mv(incoming));
          });
    }
  }
  incoming.bodyStream = body;
  return kj::Maybe<IncomingRequest>(kj::mv(incoming));
}

kj::Maybe<uint64_t> streamedBodyLength(const kj::Vector<HttpHeader>& headers) {
  constexpr uint64_t MAX_LENGTH = (uint64_t(1) << 53) - 1;  // what JavaScript counts exactly
  for (auto& header : headers) {
    if (strcasecmp(header.name.cStr(), "content-length") != 0) continue;
    auto value = header.value.asPtr();
    if (value.size() == 0 || value.size() > 16) return nullptr;
    uint64_t length = 0;
    for (char c : value) {
      if (c < '0' || c > '9') return nullptr;
      length = length * 10 + (c - '0');
    }
    if (length > MAX_LENGTH) return nullptr;
    return length;
  }
  return nullptr;
}

kj::Promise<void> sendWorkerResponse(kj::HttpService::Response& out,
                                     const kj::HttpHeaderTable& table, WorkerResponse response,
                                     kj::Maybe<kj::Own<kj::AsyncInputStream>> bodyStream,
                                     kj::StringPtr requestId) {
  kj::Maybe<uint64_t> streamedLength = streamedBodyLength(response.headers);
  kj::HttpHeaders headers(table);
  for (auto& header: response.headers) headers.add(kj::mv(header.name), kj::mv(header.value));
  if (requestId.size() > 0) headers.add(REQUEST_ID_HEADER, requestId);
  KJ_IF_MAYBE(body, bodyStream) {
    auto stream = out.send(response.status, response.statusText, headers, streamedLength);
    auto promise = (*body)->pumpTo(*stream).ignoreResult();
    return promise.attach(kj::mv(stream), kj::mv(*body), kj::mv(response));
  }
  auto stream = out.send(response.status, response.statusText, headers,
                         uint64_t(response.body.size()));
  auto promise = stream->write(response.body.begin(), response.body.size());
  return promise.attach(kj::mv(stream), kj::mv(response));
}

kj::Promise<void> sendText(kj::HttpService::Response& out, const kj::HttpHeaderTable& table,
                           unsigned status, kj::StringPtr contentType, kj::String body,
                           kj::StringPtr requestId) {
  kj::HttpHeaders headers(table);
  headers.set(kj::HttpHeaderId::CONTENT_TYPE, contentType);
  if (requestId.size() > 0) headers.add(REQUEST_ID_HEADER, requestId);
  auto stream = out.send(status, reasonPhrase(status), headers, uint64_t(body.size()));
  auto promise = stream->write(body.begin(), body.size());
  return promise.attach(kj::mv(stream), kj::mv(body));
}

bool headersFit(const kj::HttpHeaders& headers, size_t limit) {
  size_t bytes = 0;
  headers.forEach([&](kj::StringPtr name, kj::StringPtr value) {
    bytes += name.size() + value.size() + 4;
  });
  return bytes <= limit;
}

kj::Promise<void> sendHeadersTooLarge(kj::HttpService::Response& out,
                                      const kj::HttpHeaderTable& table, size_t limit,
                                      kj::StringPtr requestId) {
  return sendText(out, table, 431, "text/plain;charset=UTF-8",
                  kj::str("header_size_limit_exceeded: the request's headers take more than ",
                          limit / 1024, " KiB\n"),
                  requestId);
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
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

}  // namespace shoal
