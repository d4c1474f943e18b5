#include "control/websocket-relay.h"

#include <kj/debug.h>
#include <strings.h>

namespace shoal {

namespace {

// Codes that mean "no code" or "lost" are never sent in a close frame.
uint16_t sendableCode(uint16_t code) { return code == 1005 || code == 1006 ? 1000 : code; }

}  // namespace

bool isWebSocketUpgrade(const kj::HttpHeaders& headers) {
  KJ_IF_MAYBE (upgrade, headers.get(kj::HttpHeaderId::UPGRADE)) {
    return strcasecmp(upgrade->cStr(), "websocket") == 0;
  }
  return false;
}

class WebSocketRelay::Peer final : public rpc::WebSocketPeer::Server {
 public:
  explicit Peer(kj::Own<WebSocketRelay> relay) : relay(kj::mv(relay)) {}

 protected:
  kj::Promise<void> send(SendContext context) override {
    auto message = context.getParams().getMessage();
    if (message.isBinary()) return relay->toClient(true, kj::heapArray(message.getBinary()));
    return relay->toClient(false, kj::heapArray(message.getText().asBytes()));
  }

  kj::Promise<void> close(CloseContext context) override {
    auto params = context.getParams();
    relay->closeClient(params.getCode(), params.getReason());
    return kj::READY_NOW;
  }

 private:
  kj::Own<WebSocketRelay> relay;
};

WebSocketRelay::WebSocketRelay() {}
WebSocketRelay::~WebSocketRelay() noexcept(false) {}

rpc::WebSocketPeer::Client WebSocketRelay::peer() { return kj::heap<Peer>(kj::addRef(*this)); }

kj::Promise<void> WebSocketRelay::afterSending(
    kj::Function<kj::Promise<void>(kj::WebSocket&)> send) {
  // kj::WebSocket takes one send at a time: each waits for the one before.
  kj::Promise<void> previous = kj::READY_NOW;
  KJ_IF_MAYBE (last, sending) previous = last->addBranch();
  auto next = previous
                  .then([this, send = kj::mv(send)]() mutable -> kj::Promise<void> {
                    KJ_IF_MAYBE (socket, client) return send(**socket);
                    return kj::READY_NOW;
                  })
                  .catch_([this](kj::Exception&&) { ended = true; })
                  .fork();
  auto branch = next.addBranch();
  sending = kj::mv(next);
  return branch;
}

kj::Promise<void> WebSocketRelay::toClient(bool binary, kj::Array<kj::byte> data) {
  if (ended || closeSent) return kj::READY_NOW;
  if (client == nullptr) {
    early.add(Early{false, binary, kj::mv(data), 0, nullptr});
    return kj::READY_NOW;
  }
  // The bytes must live until the send is done.
  return afterSending([binary, data = kj::mv(data)](kj::WebSocket& socket) mutable {
    auto sent = binary ? socket.send(data.asPtr()) : socket.send(data.asChars());
    return sent.attach(kj::mv(data));
  });
}

void WebSocketRelay::closeClient(uint16_t code, kj::StringPtr reason) {
  if (ended || closeSent) return;
  if (client == nullptr) {
    early.add(Early{true, false, nullptr, code, kj::str(reason)});
    return;
  }
  closeSent = true;
  afterSending([code = sendableCode(code),
                reason = kj::str(reason)](kj::WebSocket& socket) mutable {
    return socket.close(code, reason).attach(kj::mv(reason));
  }).detach([](kj::Exception&&) {});
}

kj::Promise<void> WebSocketRelay::run(kj::HttpService::Response& response,
                                      const kj::HttpHeaderTable& table, const WorkerResponse& head,
                                      rpc::WebSocketPeer::Client worker) {
  kj::HttpHeaders headers(table);
  for (auto& header : head.headers) {
    // The handshake's own headers are the server's to write.
    auto name = header.name.cStr();
    if (strcasecmp(name, "upgrade") == 0 || strcasecmp(name, "connection") == 0 ||
        strcasecmp(name, "sec-websocket-accept") == 0) {
      continue;
    }
    headers.add(kj::str(header.name), kj::str(header.value));
  }
  auto& socket = *client.emplace(response.acceptWebSocket(headers));
  for (auto& item : early) {
    if (item.close) {
      closeClient(item.code, item.reason);
    } else {
      toClient(item.binary, kj::mv(item.data)).detach([](kj::Exception&&) {});
    }
  }
  early.clear();
  return fromClient(socket, kj::mv(worker))
      .then([this]() -> kj::Promise<void> {
        // Let the last sends (a close, say) go out before the socket is dropped.
        KJ_IF_MAYBE (last, sending) return last->addBranch();
        return kj::READY_NOW;
      })
      .attach(kj::defer([this]() {
        ended = true;
        client = nullptr;  // it must not outlive the HTTP request it came from
      }));
}

kj::Promise<void> WebSocketRelay::fromClient(kj::WebSocket& socket,
                                             rpc::WebSocketPeer::Client worker) {
  return socket.receive().then(
      [this, &socket, worker](kj::WebSocket::Message message) mutable -> kj::Promise<void> {
        KJ_SWITCH_ONEOF(message) {
          KJ_CASE_ONEOF(text, kj::String) {
            auto request = worker.sendRequest();
            request.initMessage().setText(text);
            return request.send().then(
                [this, &socket, worker]() mutable { return fromClient(socket, kj::mv(worker)); });
          }
          KJ_CASE_ONEOF(bytes, kj::Array<kj::byte>) {
            auto request = worker.sendRequest();
            request.initMessage().setBinary(bytes);
            return request.send().then(
                [this, &socket, worker]() mutable { return fromClient(socket, kj::mv(worker)); });
          }
          KJ_CASE_ONEOF(close, kj::WebSocket::Close) {
            auto request = worker.closeRequest();
            request.setCode(close.code);
            request.setReason(close.reason);
            auto told = request.send().ignoreResult().catch_([](kj::Exception&&) {});
            // The close handshake: answer the client's close.
            closeClient(close.code, close.reason);
            return told;
          }
        }
        KJ_UNREACHABLE;
      },
      [worker](kj::Exception&&) mutable -> kj::Promise<void> {
        // The client went away without a close.
        auto request = worker.closeRequest();
        request.setCode(1006);
        request.setReason("the client's connection was lost");
        return request.send().ignoreResult().catch_([](kj::Exception&&) {});
      });
}

}  // namespace shoal
