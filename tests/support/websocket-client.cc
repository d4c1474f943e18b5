#include "tests/support/websocket-client.h"

#include <kj/async-io.h>
#include <kj/compat/http.h>
#include <kj/debug.h>
#include <strings.h>
#include <sys/random.h>

namespace shoal::testing {

namespace {

// Clients mask what they send with random keys.
class Entropy final : public kj::EntropySource {
 public:
  void generate(kj::ArrayPtr<kj::byte> buffer) override {
    KJ_SYSCALL(getrandom(buffer.begin(), buffer.size(), 0));
  }
};

// One event loop for the test's thread, shared by its clients.
kj::AsyncIoContext& threadIo() {
  static thread_local kj::AsyncIoContext io = kj::setupAsyncIo();
  return io;
}

}  // namespace

struct WebSocketClient::State {
  Entropy entropy;
  kj::AsyncIoContext& io = threadIo();
  kj::HttpHeaderTable table;
  kj::Own<kj::AsyncIoStream> connection;
  kj::Own<kj::HttpClient> client;
  kj::Own<kj::WebSocket> socket;
  int status = 0;
  std::string body;
};

WebSocketClient::WebSocketClient(int port, const std::string& path,
                                 const std::vector<std::pair<std::string, std::string>>& headers)
    : state(std::make_unique<State>()) {
  auto& s = *state;
  auto address =
      s.io.provider->getNetwork().parseAddress(kj::str("127.0.0.1:", port)).wait(s.io.waitScope);
  s.connection = address->connect().wait(s.io.waitScope);
  kj::HttpClientSettings settings;
  settings.entropySource = s.entropy;
  s.client = kj::newHttpClient(s.table, *s.connection, settings);
  kj::HttpHeaders requestHeaders(s.table);
  bool hasHost = false;
  for (auto& [name, value] : headers) {
    requestHeaders.add(kj::str(name.c_str()), kj::str(value.c_str()));
    if (strcasecmp(name.c_str(), "host") == 0) hasHost = true;
  }
  if (!hasHost) requestHeaders.set(kj::HttpHeaderId::HOST, "localhost");
  auto response = s.client->openWebSocket(path.c_str(), requestHeaders).wait(s.io.waitScope);
  s.status = response.statusCode;
  KJ_SWITCH_ONEOF(response.webSocketOrBody) {
    KJ_CASE_ONEOF(socket, kj::Own<kj::WebSocket>) { s.socket = kj::mv(socket); }
    KJ_CASE_ONEOF(body, kj::Own<kj::AsyncInputStream>) {
      s.body = body->readAllText().wait(s.io.waitScope).cStr();
    }
  }
}

WebSocketClient::~WebSocketClient() {}

bool WebSocketClient::upgraded() const { return state->socket.get() != nullptr; }
int WebSocketClient::status() const { return state->status; }
const std::string& WebSocketClient::body() const { return state->body; }

void WebSocketClient::send(const std::string& text) {
  state->socket->send(kj::arrayPtr(text.data(), text.size())).wait(state->io.waitScope);
}

void WebSocketClient::sendBinary(const std::string& bytes) {
  auto data = kj::arrayPtr(reinterpret_cast<const kj::byte*>(bytes.data()), bytes.size());
  state->socket->send(data).wait(state->io.waitScope);
}

void WebSocketClient::close(int code, const std::string& reason) {
  state->socket->close(code, reason.c_str()).wait(state->io.waitScope);
}

std::string WebSocketClient::receive(std::chrono::milliseconds timeout) {
  auto& s = *state;
  auto next = s.socket->receive().then([](kj::WebSocket::Message message) -> std::string {
    KJ_SWITCH_ONEOF(message) {
      KJ_CASE_ONEOF(text, kj::String) { return std::string("text:") + text.cStr(); }
      KJ_CASE_ONEOF(bytes, kj::Array<kj::byte>) { return "binary:" + std::to_string(bytes.size()); }
      KJ_CASE_ONEOF(close, kj::WebSocket::Close) {
        return "close:" + std::to_string(close.code) + ":" + close.reason.cStr();
      }
    }
    KJ_UNREACHABLE;
  });
  auto timedOut = s.io.provider->getTimer()
                      .afterDelay(timeout.count() * kj::MILLISECONDS)
                      .then([]() -> std::string { return "timeout"; });
  KJ_IF_MAYBE (exception,
               kj::runCatchingExceptions([&]() { next = next.exclusiveJoin(kj::mv(timedOut)); })) {
    return "error:";
  }
  std::string result;
  KJ_IF_MAYBE (exception,
               kj::runCatchingExceptions([&]() { result = next.wait(s.io.waitScope); })) {
    return std::string("error:") + exception->getDescription().cStr();
  }
  return result;
}

}  // namespace shoal::testing
