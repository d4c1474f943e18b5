// Bodies stream both ways: a worker's ReadableStream body reaches the client as it is made,
// and a request's body reaches the worker as it is sent, each at the reader's pace, in
// constant memory, in `shoal dev` and through `shoal serve`'s hosts.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

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

// Request bodies. /first answers with the first chunk the worker reads, before the client
// has sent the rest; /echo streams the body back as it comes; /ignore answers without
// reading; /keep stashes the body for /late, whose request comes after its own has ended.
constexpr const char* UPLOADS = R"js(
let kept = null;
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/first") {
      const { value } = await request.body.getReader().read();
      return new Response("first: " + new TextDecoder().decode(value));
    }
    if (path === "/echo") return new Response(request.body);
    if (path === "/count") {
      let bytes = 0, sum = 0;
      for await (const chunk of request.body) {
        // Each 4096th byte of the body, wherever the chunks happen to split it.
        for (let i = (4096 - bytes % 4096) % 4096; i < chunk.length; i += 4096) {
          sum = (sum + chunk[i]) % 65536;
        }
        bytes += chunk.length;
      }
      return new Response(`${bytes} ${sum}`);
    }
    if (path === "/keep") {
      kept = request.body;
      return new Response("kept");
    }
    if (path === "/late") {
      try {
        await kept.getReader().read();
        return new Response("read a body whose request had ended");
      } catch (e) {
        return new Response(`${e.name}: ${e.message}`, { status: 409 });
      }
    }
    return new Response("ignored " + request.headers.get("content-length"));
  },
};
)js";

void writeAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    // The server may close first (it answered without reading it all): no SIGPIPE.
    ssize_t n = send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += n;
  }
}

// The body of an HTTP/1.1 message, with Content-Length or chunked.
std::string bodyOf(const std::string& message) {
  std::string body;
  size_t at = message.find("\r\n\r\n") + 4;
  auto head = message.substr(0, at);
  for (auto& c: head) c = tolower(c);
  if (head.find("\r\ncontent-length: ") != std::string::npos) return message.substr(at);
  for (;;) {
    size_t eol = message.find("\r\n", at);
    if (eol == std::string::npos) break;
    size_t size = std::stoul(message.substr(at, eol - at), nullptr, 16);
    if (size == 0) break;
    body += message.substr(eol + 2, size);
    at = eol + 2 + size + 2;
  }
  return body;
}

void checkUploads(int port, const std::string& host) {
  // The worker answers from the first chunk while the rest is still to come.
  {
    int fd = connectTo(port);
    ASSERT_GE(fd, 0);
    writeAll(fd, "POST /first HTTP/1.1\r\nHost: " + host +
                     "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                     "5\r\nhello\r\n");
    auto answer = readUntil(fd, "first: hello");
    EXPECT_NE(answer.find("first: hello"), std::string::npos) << answer;
    writeAll(fd, "6\r\n world\r\n0\r\n\r\n");
    close(fd);
  }

  // 96 MiB in and back out, at once, through an isolate of 32 MiB: the client writes on one
  // thread while it reads on this one.
  {
    constexpr size_t CHUNK = 1 << 20, CHUNKS = 96;
    int fd = connectTo(port);
    ASSERT_GE(fd, 0);
    std::thread sender([&]() {
      writeAll(fd, "POST /echo HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " +
                       std::to_string(CHUNK * CHUNKS) + "\r\nConnection: close\r\n\r\n");
      for (size_t i = 0; i < CHUNKS; i++) writeAll(fd, std::string(CHUNK, char('a' + i % 26)));
    });
    std::string response;
    char buffer[1 << 16];
    for (;;) {
      ssize_t n = read(fd, buffer, sizeof(buffer));
      if (n <= 0) break;
      response.append(buffer, n);
    }
    sender.join();
    close(fd);
    EXPECT_NE(response.find("200 OK"), std::string::npos) << response.substr(0, 300);
    // It went out with the request's length: the worker knew it from the start.
    EXPECT_NE(response.find("Content-Length: " + std::to_string(CHUNK * CHUNKS)),
              std::string::npos)
        << response.substr(0, 300);
    auto body = bodyOf(response);
    ASSERT_EQ(body.size(), CHUNK * CHUNKS);
    EXPECT_EQ(body[0], 'a');
    EXPECT_EQ(body[CHUNK * 27], 'b');
    EXPECT_EQ(body.back(), char('a' + (CHUNKS - 1) % 26));
  }

  // Read to the end in the worker: every byte arrives, in order.
  std::string big(5 << 20, '\0');
  for (size_t i = 0; i < big.size(); i++) big[i] = char(i / 4096);
  unsigned sum = 0;
  for (size_t i = 0; i < big.size(); i += 4096) sum = (sum + (unsigned char)big[i]) % 65536;
  auto counted = httpRequest(port, "POST", "/count", {{"Host", host}}, big);
  EXPECT_EQ(counted.body, std::to_string(big.size()) + " " + std::to_string(sum));

  // An answer that never reads the body does not wait for it.
  auto ignored = httpRequest(port, "POST", "/ignore", {{"Host", host}}, big);
  EXPECT_EQ(ignored.body, "ignored " + std::to_string(big.size()));

  // A body belongs to its request: once that has ended, it cannot be read.
  EXPECT_EQ(httpRequest(port, "POST", "/keep", {{"Host", host}}, big).body, "kept");
  auto late = httpRequest(port, "GET", "/late", {{"Host", host}});
  EXPECT_EQ(late.status, 409);
  EXPECT_NE(late.body.find("TypeError"), std::string::npos) << late.body;

  // The worker still answers after all that.
  EXPECT_EQ(httpRequest(port, "POST", "/first", {{"Host", host}}, "again").body, "first: again");
}

TEST(Streaming, DevStreamsRequestBodiesIn) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", UPLOADS);
  ShoalProcess dev({"dev", "--port", "0", "--heap-limit-mib", "32", dir + "/worker.js"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0);
  checkUploads(port, "localhost");
}

TEST(Streaming, ServeStreamsRequestBodiesThroughItsHosts) {
  ServeProcess serve(makeTempDir(), 1);
  auto acme = serve.tenant("acme");
  ASSERT_EQ(serve.deployJson(
                acme, "uploads",
                R"({"main_module":"index.js","limits":{"memory_mib":32},"modules":{"index.js":)" +
                    jsonString(UPLOADS) + "}}"),
            201);
  checkUploads(serve.port, "uploads.localhost");
}

// A body announced bigger than the limit is refused before any of it is read: a 413 naming
// the request, counted in /metrics.
TEST(Streaming, ServeRefusesABodyPastTheLimit) {
  ServeProcess serve(makeTempDir(), 1);
  auto acme = serve.tenant("acme");
  ASSERT_EQ(serve.deployJson(
                acme, "uploads",
                R"({"main_module":"index.js","modules":{"index.js":)" + jsonString(UPLOADS) + "}}"),
            201);
  int fd = connectTo(serve.port);
  ASSERT_GE(fd, 0);
  writeAll(fd, "POST /count HTTP/1.1\r\nHost: uploads.localhost\r\nContent-Length: " +
                   std::to_string(200 << 20) + "\r\n\r\n");
  auto answer = readUntil(fd, "bytes\n");
  close(fd);
  EXPECT_EQ(answer.find("HTTP/1.1 413 "), 0u) << answer;
  auto at = answer.find("shoal-request-id: ");
  ASSERT_NE(at, std::string::npos) << answer;
  auto id = answer.substr(at + 18, 16);
  EXPECT_TRUE(serve.process.waitForOutput("(request " + id + "): request body larger than"))
      << serve.process.output();
  auto metrics = serve.control("GET", "/metrics", "");
  EXPECT_NE(metrics.body.find("shoal_limit_exceeded_total{limit=\"request_body\"} 1\n"),
            std::string::npos)
      << metrics.body;
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
