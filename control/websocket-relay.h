// A WebSocket between a client and a worker, relayed by the front end (dev or serve): the
// client's connection on one side, the worker's end (control/host.capnp, WebSocketPeer) on
// the other.
#pragma once

#include <kj/compat/http.h>

#include "control/host.capnp.h"
#include "runtime/worker.h"

namespace shoal {

// Whether a request asks to become a WebSocket (Upgrade: websocket).
bool isWebSocketUpgrade(const kj::HttpHeaders& headers);

// Made for an upgrade request before it is dispatched: peer() is where the worker's
// messages go (dispatch's clientSocket); those that come before the client is accepted
// wait. Thread affinity: the front end's event loop.
class WebSocketRelay final : public kj::Refcounted {
 public:
  WebSocketRelay();
  ~WebSocketRelay() noexcept(false);

  rpc::WebSocketPeer::Client peer();

  // The worker answered 101 with `worker`, its end: accepts the client's upgrade with the
  // response's headers and relays both ways. Resolves once the socket is closed, or lost.
  kj::Promise<void> run(kj::HttpService::Response& response, const kj::HttpHeaderTable& table,
                        const WorkerResponse& head, rpc::WebSocketPeer::Client worker);

  class Peer;

 private:
  friend class Peer;
  struct Early {  // a message or close from the worker, before the client was accepted
    bool close;
    bool binary;
    kj::Array<kj::byte> data;
    uint16_t code;
    kj::String reason;
  };
  kj::Maybe<kj::Own<kj::WebSocket>> client;
  kj::Vector<Early> early;
  kj::Maybe<kj::ForkedPromise<void>> sending;  // the last send to the client, in order
  bool closeSent = false;                      // a close went to the client
  bool ended = false;                          // the client is gone: drop what comes

  kj::Promise<void> toClient(bool binary, kj::Array<kj::byte> data);
  void closeClient(uint16_t code, kj::StringPtr reason);
  kj::Promise<void> afterSending(kj::Function<kj::Promise<void>(kj::WebSocket&)> send);
  kj::Promise<void> fromClient(kj::WebSocket& socket, rpc::WebSocketPeer::Client worker);
};

}  // namespace shoal
