// Response bodies stream: a worker's ReadableStream body reaches the client as it is made,
// at the client's pace, in constant memory, in `shoal dev` and through `shoal serve`'s hosts.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

// The first chunk goes out, then the stream waits until another request says "go": a
// client that sees the first chunk before asking has seen streaming, with no timing in it.
constexpr const char* HELD = R"js(
let release = null;
export default {
  fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/go") {
      release?.();
      return new Response("released");
    }
    if (path === "/big") {
      // 256 MiB, made a chunk at a time: more than the isolate could hold at once.
      let sent = 0;
      return new Response(new ReadableStream({
        type: "bytes",
        pull(controller) {
          if (sent === 4096) return controller.close();
          sent++;
          controller.enqueue(new Uint8Array(65536).fill(sent & 255));
        },
      }));
    }
    const encoder = new TextEncoder();
    return new Response(new ReadableStream({
      async start(controller) {
        controller.enqueue(encoder.encode("first chunk;"));
        await new Promise((resolve) => { release = resolve; });
        controller.enqueue(encoder.encode("second chunk"));
        controller.close();
      },
    }), { headers: { "content-type": "text/plain" } });
  },
};
)js";

int connectTo(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) return -1;
  return fd;
}

// Reads from `fd` until `text` has arrived (or the connection ends); everything read.
std::string readUntil(int fd, const std::string& text, std::string sofar = "") {
  char buffer[65536];
  while (sofar.find(text) == std::string::npos) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) break;
    sofar.append(buffer, n);
  }
  return sofar;
}

void checkStreaming(int port, const std::string& host) {
  int fd = connectTo(port);
  ASSERT_GE(fd, 0);
  std::string request = "GET /held HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(write(fd, request.data(), request.size()), ssize_t(request.size()));
  // The head and the first chunk come while the worker's stream is still open...
  auto early = readUntil(fd, "first chunk;");
  EXPECT_NE(early.find("200 OK"), std::string::npos) << early;
  EXPECT_NE(early.find("first chunk;"), std::string::npos) << early;
  EXPECT_EQ(early.find("second chunk"), std::string::npos) << early;
  // ...and the rest once it is let go.
  EXPECT_EQ(httpRequest(port, "GET", "/go", {{"Host", host}}).body, "released");
  auto all = readUntil(fd, "second chunk", early);
  EXPECT_NE(all.find("second chunk"), std::string::npos) << all;
  close(fd);

  auto big = httpRequest(port, "GET", "/big", {{"Host", host}});
  EXPECT_EQ(big.status, 200);
  ASSERT_EQ(big.body.size(), 4096u * 65536u);
  EXPECT_EQ(big.body[0], '\x01');
  EXPECT_EQ(big.body[big.body.size() - 1], '\x00');  // chunk 4096 & 255
}

TEST(Streaming, DevStreamsAResponseAsItIsMade) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", HELD);
  ShoalProcess dev({"dev", "--port", "0", dir + "/worker.js"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0);
  checkStreaming(port, "localhost");
}

TEST(Streaming, ServeStreamsThroughItsHosts) {
  ServeProcess serve(makeTempDir(), 1);
  auto acme = serve.tenant("acme");
  ASSERT_EQ(serve.deployJson(
                acme, "held",
                R"({"main_module":"index.js","modules":{"index.js":)" + jsonString(HELD) + "}}"),
            201);
  checkStreaming(serve.port, "held.localhost");
}

}  // namespace
}  // namespace shoal::testing
