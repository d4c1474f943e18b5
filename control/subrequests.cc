#include "control/subrequests.h"

#include <kj/compat/tls.h>
#include <kj/compat/url.h>
#include <kj/debug.h>
#include <strings.h>

#include <cctype>
#include <cstdlib>

#include "control/outbound-policy.h"
#include "runtime/host-rpc.h"
#include "runtime/limits.h"

namespace shoal {

namespace {

// A worker may not set these on an outbound request: they belong to the connection, which
// the platform makes.
constexpr const char* CONNECTION_HEADERS[] = {
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
    "upgrade",    "host",       "content-length",   "trailer",
};

bool isConnectionHeader(kj::StringPtr name) {
  for (auto header : CONNECTION_HEADERS) {
    if (strcasecmp(name.cStr(), header) == 0) return true;
  }
  return false;
}

SubrequestOutcome refused(kj::String why) { return SubrequestOutcome{nullptr, kj::mv(why)}; }

// A refusal found midway through a promise chain: its description is the whole message.
kj::Exception refusal(kj::String why) {
  return kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__, kj::mv(why));
}

// How long a response may still come once sending the request's body failed (the upstream
// answered early and closed, say).
constexpr kj::Duration SEND_FAILURE_GRACE = 1 * kj::SECONDS;

// What an outbound exchange runs on; the client goes first, as it uses the stream.
struct Connection {
  kj::Own<kj::AsyncIoStream> stream;
  kj::Own<kj::HttpClient> client;
};

}  // namespace

// One loaded version's way out: its grants, checked on every call.
class Gate final : public rpc::Subrequests::Server {
 public:
  Gate(SubrequestGates& gates, SubrequestGrants grants) : gates(gates), grants(kj::mv(grants)) {}

 protected:
  kj::Promise<void> fetch(FetchContext context) override {
    auto params = context.getParams();
    auto request = requestFromRpc(params.getRequest());
    auto responseBody = params.getResponseBody();
    context.releaseParams();
    return gates.fetch(grants, kj::mv(request))
        .then([this, context, responseBody = kj::mv(responseBody)](
                  SubrequestOutcome outcome) mutable {
          reply(context.getResults().initReply(), kj::mv(outcome), kj::mv(responseBody));
        });
  }

  kj::Promise<void> service(ServiceContext context) override {
    auto params = context.getParams();
    auto binding = kj::str(params.getBinding());
    auto request = requestFromRpc(params.getRequest());
    auto responseBody = params.getResponseBody();
    context.releaseParams();
    return gates.service(grants, binding, kj::mv(request))
        .then([this, context, responseBody = kj::mv(responseBody)](
                  SubrequestOutcome outcome) mutable {
          reply(context.getResults().initReply(), kj::mv(outcome), kj::mv(responseBody));
        });
  }

 private:
  SubrequestGates& gates;
  SubrequestGrants grants;

  // The reply now; a streaming body after it, through `responseBody`, as the worker reads.
  void reply(rpc::SubrequestReply::Builder reply, SubrequestOutcome outcome,
             rpc::ByteStream::Client responseBody) {
    KJ_IF_MAYBE (response, outcome.response) {
      auto out = reply.initResponse();
      toRpc(*response, out);
      KJ_IF_MAYBE (stream, response->bodyStream) {
        out.setBodyStreams(true);
        auto& from = **stream;
        gates.pumps.add(pumpToByteStream(from, kj::mv(responseBody), SIZE_MAX)
                            .attach(kj::mv(*stream)));
      }
    } else {
      reply.setError(outcome.error);
    }
  }
};

namespace {

// "[::1]:80" or "10.0.0.5:80" (NetworkAddress::toString) -> "::1" or "10.0.0.5".
kj::String ipOf(kj::StringPtr address) {
  if (address.startsWith("[")) {
    KJ_IF_MAYBE (close, address.findFirst(']')) return kj::str(address.slice(1, *close));
  }
  KJ_IF_MAYBE (colon, address.findLast(':')) return kj::str(address.slice(0, *colon));
  return kj::str(address);
}

}  // namespace

SubrequestGates::SubrequestGates(kj::AsyncIoContext& io, kj::Maybe<ServiceDirectory&> services)
    : io(io), services(services) {}

SubrequestGates::~SubrequestGates() noexcept(false) {}

rpc::Subrequests::Client SubrequestGates::gateFor(SubrequestGrants grants) {
  return kj::heap<Gate>(*this, kj::mv(grants));
}

kj::TlsContext& SubrequestGates::tlsContext() {
  KJ_IF_MAYBE (context, tls) return **context;
  // The system's trust store, as a browser would use.
  return *tls.emplace(kj::heap<kj::TlsContext>());
}

kj::Promise<SubrequestOutcome> SubrequestGates::fetch(const SubrequestGrants& grants,
                                                      WorkerRequest request) {
  auto what = kj::str("fetch() to ", request.url);
  kj::UrlOptions urlOptions;
  urlOptions.percentDecode = false;  // sent as the worker wrote it
  kj::Url url;
  KJ_IF_MAYBE (parsed, kj::Url::tryParse(request.url, kj::Url::REMOTE_HREF, urlOptions)) {
    url = kj::mv(*parsed);
  } else {
    return refused(kj::str(what, " refused: not a URL that can be fetched"));
  }
  bool https = url.scheme == "https";
  if (!https && url.scheme != "http") {
    return refused(kj::str(what, " refused: only http: and https: URLs can be fetched"));
  }
  if (url.userInfo != nullptr) {
    return refused(kj::str(what,
                           " refused: credentials in the URL are not sent; put them in "
                           "an Authorization header"));
  }

  // kj::Url keeps the port in `host`.
  kj::String host;
  unsigned port = https ? 443 : 80;
  kj::StringPtr hostPort = url.host;
  size_t hostEnd = hostPort.size();
  if (hostPort.startsWith("[")) {
    KJ_IF_MAYBE (close, hostPort.findFirst(']')) hostEnd = *close + 1;
  } else KJ_IF_MAYBE (colon, hostPort.findFirst(':')) {
    hostEnd = *colon;
  }
  host = kj::heapString(hostPort.slice(0, hostEnd));
  for (auto& c : host) c = tolower(c);
  if (hostEnd < hostPort.size()) {
    port = strtoul(hostPort.slice(hostEnd + 1).cStr(), nullptr, 10);
  }

  AllowedBy allowedBy;
  KJ_IF_MAYBE (by, matchAllowlist(grants.allow, host, port)) {
    allowedBy = *by;
  } else {
    return refused(kj::str(what, " refused: ", host, ":", port,
                           " is not in the worker's outbound allowlist (add it to \"outbound\": "
                           "{\"allow\": [...]} in the manifest)"));
  }
  bool mayBePrivate = grants.privateAddresses && allowedBy == AllowedBy::ADDRESS;

  kj::HttpMethod method;
  KJ_IF_MAYBE (m, kj::tryParseHttpMethod(request.method)) {
    method = *m;
  } else {
    return refused(kj::str(what, " refused: the method ", request.method, " cannot be sent"));
  }

  auto& network = io.provider->getNetwork();
  kj::String name =
      host.startsWith("[") ? kj::str(host.slice(1, host.size() - 1)) : kj::heapString(host);
  auto limits = WorkerLimits();
  auto exchange =
      network.parseAddress(name, port)
          .catch_([what = kj::heapString(what), host = kj::heapString(host)](
                      kj::Exception&&) -> kj::Promise<kj::Own<kj::NetworkAddress>> {
            return refusal(kj::str(what, " failed: could not resolve ", host));
          })
          .then([&network, what = kj::heapString(what), host = kj::heapString(host), mayBePrivate,
                 privateGranted = grants.privateAddresses](kj::Own<kj::NetworkAddress> resolved)
                    -> kj::Promise<kj::Own<kj::NetworkAddress>> {
            // Checked on the one address connected to, so DNS cannot answer differently
            // between the check and the connection.
            auto address = resolved->toString();
            auto ip = ipOf(address);
            KJ_IF_MAYBE (kind, nonPublicKind(ip)) {
              if (!mayBePrivate) {
                return refusal(kj::str(what, " refused: ", host, " is a ", *kind, " address (", ip,
                                       ")",
                                       privateGranted ? "; to reach it, name the address itself "
                                                        "in the outbound allowlist"
                                                      : "; workers here may reach public "
                                                        "addresses only"));
              }
            }
            return network.parseAddress(address);
          })
          .then([](kj::Own<kj::NetworkAddress> address) {
            return address->connect().attach(kj::mv(address));
          });
  if (https) {
    exchange = exchange.then([this, name = kj::mv(name)](kj::Own<kj::AsyncIoStream> stream) {
      return tlsContext().wrapClient(kj::mv(stream), name);
    });
  }
  return exchange
      .then([this, request = kj::mv(request), url = kj::mv(url),
             method](kj::Own<kj::AsyncIoStream> stream) mutable {
        // TODO(perf): one connection per subrequest; pool them per checked address.
        auto client = kj::newHttpClient(headerTable, *stream);
        auto& http = *client;
        auto connection = kj::heap<Connection>(Connection{kj::mv(stream), kj::mv(client)});
        kj::HttpHeaders headers(headerTable);
        for (auto& header : request.headers) {
          if (!isConnectionHeader(header.name)) {
            headers.add(kj::str(header.name), kj::str(header.value));
          }
        }
        headers.set(kj::HttpHeaderId::HOST, kj::str(url.host));
        auto body = kj::mv(request.body).orDefault(nullptr);
        kj::Maybe<uint64_t> length = uint64_t(body.size());
        // A body that streams goes chunked, as it comes, unless its length is known.
        if (request.bodyStream != nullptr) length = streamedBodyLength(request.headers);
        auto sent = http.request(method, url.toString(kj::Url::HTTP_REQUEST), headers, length);
        auto& to = *sent.body;
        kj::Promise<void> written = kj::READY_NOW;  // a GET without a body writes nothing
        KJ_IF_MAYBE (stream, request.bodyStream) {
          auto& from = **stream;
          written = from.pumpTo(to).ignoreResult().attach(kj::mv(*stream));
        } else if (body.size() > 0) {
          written = to.write(body.begin(), body.size()).attach(kj::mv(body));
        }
        // The body goes on while the response comes (an upstream may answer before it has
        // read it all, and close); ending its stream ends the request. A body that fails
        // midway fails the exchange, unless a response comes soon after all.
        auto sending = written.then([to = kj::mv(sent.body)]() mutable { to = nullptr; })
                           .eagerlyEvaluate(nullptr)
                           .fork();
        auto sendFailed = sending.addBranch().then(
            []() -> kj::Promise<kj::HttpClient::Response> { return kj::NEVER_DONE; },
            [this](kj::Exception&& failure) -> kj::Promise<kj::HttpClient::Response> {
              return io.provider->getTimer()
                  .afterDelay(SEND_FAILURE_GRACE)
                  .then([failure = kj::mv(failure)]() mutable -> kj::HttpClient::Response {
                    kj::throwFatalException(kj::mv(failure));
                  });
            });
        return sent.response.exclusiveJoin(kj::mv(sendFailed))
            .then([connection = kj::mv(connection), sending = sending.addBranch()](
                      kj::HttpClient::Response response) mutable {
              WorkerResponse out;
              out.status = response.statusCode;
              out.statusText = kj::str(response.statusText);
              response.headers->forEach([&](kj::StringPtr name, kj::StringPtr value) {
                out.headers.add(HttpHeader{kj::str(name), kj::str(value)});
              });
              // A small body comes inline; a bigger one streams on after the head, with
              // its connection.
              KJ_IF_MAYBE (length, response.body->tryGetLength()) {
                if (*length <= INLINE_BODY_BYTES) {
                  auto& bodyStream = *response.body;
                  return bodyStream.readAllBytes(*length + 1)
                      .attach(kj::mv(response.body), kj::mv(sending))
                      .attach(kj::mv(connection))
                      .then([out = kj::mv(out)](kj::Array<kj::byte> bytes) mutable {
                        out.body = kj::mv(bytes);
                        return SubrequestOutcome{kj::mv(out), nullptr};
                      });
                }
              }
              out.bodyStream =
                  kj::mv(response.body).attach(kj::mv(sending)).attach(kj::mv(connection));
              return kj::Promise<SubrequestOutcome>(SubrequestOutcome{kj::mv(out), nullptr});
            });
      })
      .catch_([what = kj::mv(what)](kj::Exception&& exception) {
        auto description = exception.getDescription();
        if (description.startsWith("fetch() to ")) return refused(kj::str(description));
        return refused(kj::str(what, " failed: ", description));
      })
      .exclusiveJoin(io.provider->getTimer().afterDelay(limits.wallPerRequest).then([]() {
        return refused(kj::str("the subrequest took longer than the ",
                               WorkerLimits().wallPerRequest / kj::SECONDS,
                               " s a request may take"));
      }));
}

kj::Promise<SubrequestOutcome> SubrequestGates::service(const SubrequestGrants& grants,
                                                        kj::StringPtr binding,
                                                        WorkerRequest request) {
  for (auto& grant : grants.services) {
    if (grant.binding != binding) continue;
    if (request.serviceDepth > WorkerLimits().serviceDepth) {
      return refused(kj::str("env.", binding, ".fetch() refused: service calls nest more than ",
                             WorkerLimits().serviceDepth,
                             " deep (do the workers call each other "
                             "in a loop?)"));
    }
    KJ_IF_MAYBE (directory, services) {
      return directory->callService(grants.worker, grant.service, kj::mv(request));
    }
    return refused(kj::str("env.", binding,
                           ".fetch(): service bindings reach other deployed "
                           "workers, which `shoal dev` does not have; use `shoal serve`"));
  }
  return refused(kj::str("the worker has no service binding named ", binding));
}

}  // namespace shoal
