// Integration test support: a real WebSocket client (KJ's), for tests of workers that
// accept WebSockets.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace shoal::testing {

class WebSocketClient {
 public:
  // Asks 127.0.0.1:port for `path` with Upgrade: websocket (and `headers`). upgraded() tells
  // whether the server accepted; if not, status() and body() are its answer.
  WebSocketClient(int port, const std::string& path,
                  const std::vector<std::pair<std::string, std::string>>& headers = {});
  ~WebSocketClient();

  bool upgraded() const;
  int status() const;
  const std::string& body() const;

  void send(const std::string& text);
  void sendBinary(const std::string& bytes);
  void close(int code, const std::string& reason);

  // The next message as "text:...", "binary:<length>" or "close:<code>:<reason>";
  // "timeout" if none came, "error:..." if the connection broke.
  std::string receive(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  struct State;
  std::unique_ptr<State> state;
};

}  // namespace shoal::testing
