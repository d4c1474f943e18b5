// WebSockets as a user meets them: a worker accepts one with new WebSocketPair() and a 101
// response, under `shoal dev` (in-process host) and `shoal serve` (a host process, over
// Cap'n Proto), with a real WebSocket client.

#include <gtest/gtest.h>

#include "tests/support/serve-process.h"
#include "tests/support/websocket-client.h"

namespace shoal::testing {
namespace {

constexpr const char* ECHO = R"js(
export default {
  fetch(request) {
    if (request.headers.get("upgrade") !== "websocket") {
      return new Response("expected a WebSocket", { status: 426 });
    }
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.send("welcome");  // before the response: queued, then sent
    server.addEventListener("message", (event) => {
      if (event.data === "close please") {
        server.close(4000, "asked to");
      } else if (typeof event.data === "string") {
        server.send(`echo: ${event.data}`);
      } else {
        server.send(`binary of ${event.data.byteLength} bytes (${event.data.constructor.name})`);
      }
    });
    server.addEventListener("close", (event) => {
      console.log(`closed ${event.code} ${event.reason} clean=${event.wasClean}`);
    });
    return new Response(null, { status: 101, webSocket: client,
                                headers: { "x-chat": "yes" } });
  },
};
)js";

void checkEcho(int port, ShoalProcess& server, const std::string& host = "localhost") {
  WebSocketClient socket(port, "/chat", {{"Host", host}});
  ASSERT_TRUE(socket.upgraded()) << socket.status() << " " << socket.body() << server.output();
  EXPECT_EQ(socket.status(), 101);
  EXPECT_EQ(socket.receive(), "text:welcome");
  socket.send("hello");
  EXPECT_EQ(socket.receive(), "text:echo: hello");
  socket.send("grüße 🐟");
  EXPECT_EQ(socket.receive(), "text:echo: grüße 🐟");
  socket.sendBinary(std::string("\x00\x01\x02", 3));
  EXPECT_EQ(socket.receive(), "text:binary of 3 bytes (ArrayBuffer)");
  // Many, in order.
  for (int i = 0; i < 100; ++i) socket.send(std::to_string(i));
  for (int i = 0; i < 100; ++i) ASSERT_EQ(socket.receive(), "text:echo: " + std::to_string(i));
  socket.send("close please");
  EXPECT_EQ(socket.receive(), "close:4000:asked to");

  // The client closes: the worker hears it.
  WebSocketClient second(port, "/chat", {{"Host", host}});
  ASSERT_TRUE(second.upgraded());
  EXPECT_EQ(second.receive(), "text:welcome");
  second.close(1000, "bye");
  EXPECT_EQ(second.receive(), "close:1000:bye");
  EXPECT_TRUE(server.waitForOutput("closed 1000 bye clean=true")) << server.output();
}

TEST(WebSocket, DevAcceptsEchoesAndCloses) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", ECHO);
  ShoalProcess dev({"dev", "--port", "0", dir + "/worker.js"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  checkEcho(port, dev);
  // A plain request still gets a plain answer.
  auto plain = httpRequest(port, "GET", "/chat");
  EXPECT_EQ(plain.status, 426);
  EXPECT_EQ(plain.body, "expected a WebSocket");
}

TEST(WebSocket, ServeRelaysThroughAHostProcess) {
  ServeProcess serve(makeTempDir(), 2);
  auto acme = serve.tenant("acme");
  ASSERT_EQ(serve.deployJson(
                acme, "chat",
                R"({"main_module":"index.js","modules":{"index.js":)" + jsonString(ECHO) + "}}"),
            201);
  checkEcho(serve.port, serve.process, "chat.localhost");
}

// A chat room: one session holds every member's socket and passes messages between them.
constexpr const char* ROOM = R"js(
export class Room {
  constructor(ctx) {
    this.ctx = ctx;
    this.members = new Map();
  }
  async fetch(request) {
    const name = new URL(request.url).searchParams.get("name");
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    this.members.set(server, name);
    const count = ((await this.ctx.storage.get("joins")) ?? 0) + 1;
    await this.ctx.storage.put("joins", count);
    server.send(`hello ${name}, you are join number ${count}`);
    server.addEventListener("message", (event) => {
      for (const [member, who] of this.members) {
        if (member !== server) member.send(`${name}: ${event.data}`);
      }
    });
    server.addEventListener("close", () => {
      this.members.delete(server);
      for (const member of this.members.keys()) member.send(`${name} left`);
    });
    return new Response(null, { status: 101, webSocket: client });
  }
}
export default {
  fetch(request, env) {
    const room = new URL(request.url).pathname.slice(1);
    return env.ROOMS.get(env.ROOMS.idFromName(room)).fetch(request);
  },
};
)js";

void checkRoom(int port, const std::string& host) {
  WebSocketClient ada(port, "/lobby?name=ada", {{"Host", host}});
  ASSERT_TRUE(ada.upgraded()) << ada.status() << " " << ada.body();
  EXPECT_EQ(ada.receive(), "text:hello ada, you are join number 1");
  WebSocketClient bob(port, "/lobby?name=bob", {{"Host", host}});
  ASSERT_TRUE(bob.upgraded()) << bob.status() << " " << bob.body();
  EXPECT_EQ(bob.receive(), "text:hello bob, you are join number 2");
  ada.send("hi bob");
  EXPECT_EQ(bob.receive(), "text:ada: hi bob");
  bob.send("hi ada");
  EXPECT_EQ(ada.receive(), "text:bob: hi ada");
  // Another room is another session.
  WebSocketClient cy(port, "/attic?name=cy", {{"Host", host}});
  EXPECT_EQ(cy.receive(), "text:hello cy, you are join number 1");
  bob.close(1000, "bye");
  EXPECT_EQ(bob.receive(), "close:1000:bye");
  EXPECT_EQ(ada.receive(), "text:bob left");
}

TEST(WebSocket, ASessionHoldsSocketsInDev) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", ROOM);
  ShoalProcess dev({"dev", "--port", "0", "--persist", makeTempDir(), "--session", "ROOMS=Room",
                    dir + "/worker.js"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0) << dev.output();
  checkRoom(port, "localhost");
}

TEST(WebSocket, ASessionOnAnotherHostHoldsSocketsInServe) {
  // In serve every stub call goes through the front end's router to the session's host
  // (placed by id over the two): the socket is relayed from the client, through the
  // worker's host, to the session's, and back.
  ServeProcess serve(makeTempDir(), 2);
  auto acme = serve.tenant("acme");
  ASSERT_EQ(serve.deployJson(acme, "rooms",
                             R"({"main_module":"index.js","sessions":{"ROOMS":"Room"},)"
                             R"("modules":{"index.js":)" +
                                 jsonString(ROOM) + "}}"),
            201);
  checkRoom(serve.port, "rooms.localhost");
}

TEST(WebSocket, MistakesAreClear) {
  auto dir = makeTempDir();
  writeFile(dir + "/worker.js", R"js(
export default {
  fetch(request) {
    const path = new URL(request.url).pathname;
    const [client, server] = Object.values(new WebSocketPair());
    const out = [];
    for (const attempt of [
      () => server.send("x"),
      () => new Response(null, { status: 101 }),
      () => new Response(null, { status: 200, webSocket: client }),
      () => new Response(null, { status: 101, webSocket: {} }),
      () => new WebSocket("wss://example.com/"),
      () => { server.accept(); server.close(1001); },
    ]) {
      try { attempt(); out.push("ok"); } catch (e) { out.push(`${e.name}: ${e.message}`); }
    }
    if (path === "/not-an-upgrade") {
      return new Response(null, { status: 101, webSocket: client });
    }
    return new Response(out.join("\n"));
  },
};
)js");
  ShoalProcess dev({"dev", "--port", "0", dir + "/worker.js"});
  int port = dev.waitForPort();
  ASSERT_GT(port, 0);
  auto listed = httpRequest(port, "GET", "/");
  EXPECT_EQ(listed.body,
            "TypeError: You must call accept() on this WebSocket before sending messages.\n"
            "RangeError: A 101 response must carry a webSocket (the client end of a "
            "WebSocketPair).\n"
            "RangeError: A response with a webSocket must have status 101.\n"
            "TypeError: Failed to construct 'Response': webSocket must be a WebSocket (an end "
            "of a WebSocketPair).\n"
            "TypeError: Illegal constructor: a worker accepts WebSockets with `new "
            "WebSocketPair()`; connecting out (new WebSocket(url)) is not supported\n"
            "InvalidAccessError: The close code must be 1000 or from 3000 to 4999; 1001 is "
            "neither.");
  // A 101 to a request that did not ask to upgrade is the worker's mistake: a 500.
  auto notUpgrade = httpRequest(port, "GET", "/not-an-upgrade");
  EXPECT_EQ(notUpgrade.status, 500);
  EXPECT_TRUE(dev.waitForOutput("the request was not a WebSocket upgrade")) << dev.output();
}

}  // namespace
}  // namespace shoal::testing
