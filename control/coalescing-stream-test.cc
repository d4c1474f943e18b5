#include "control/coalescing-stream.h"

#include <gtest/gtest.h>
#include <kj/async-io.h>
#include <kj/debug.h>

#include <cstring>

namespace shoal {
namespace {

// Records each write it gets; can be told to fail them, or to hold them until released.
class RecordingStream final : public kj::AsyncIoStream {
 public:
  kj::Vector<kj::String> writes;
  bool fail = false;
  bool shutDown = false;
  kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> held;
  bool hold = false;

  kj::Promise<void> write(const void* buffer, size_t size) override {
    kj::ArrayPtr<const kj::byte> piece(static_cast<const kj::byte*>(buffer), size);
    return write(kj::arrayPtr(&piece, 1));
  }
  kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override {
    if (fail) return KJ_EXCEPTION(DISCONNECTED, "peer gone");
    kj::Vector<char> text;
    for (auto& piece: pieces) text.addAll(piece.asChars());
    text.add('\0');
    writes.add(kj::String(text.releaseAsArray()));
    if (hold) {
      auto paf = kj::newPromiseAndFulfiller<void>();
      held = kj::mv(paf.fulfiller);
      return kj::mv(paf.promise);
    }
    return kj::READY_NOW;
  }
  kj::Promise<void> whenWriteDisconnected() override { return kj::NEVER_DONE; }
  void shutdownWrite() override { shutDown = true; }
  // What reads get, in order, each at most as much as asked for; then the end.
  kj::Vector<kj::String> toRead;
  size_t readsAsked = 0;
  kj::Promise<size_t> tryRead(void* buffer, size_t minBytes, size_t maxBytes) override {
    ++readsAsked;
    size_t n = 0;
    while (n < minBytes && readNext < toRead.size()) {
      auto& next = toRead[readNext];
      size_t take = kj::min(maxBytes - n, next.size() - readOffset);
      memcpy(static_cast<char*>(buffer) + n, next.begin() + readOffset, take);
      n += take;
      readOffset += take;
      if (readOffset == next.size()) {
        ++readNext;
        readOffset = 0;
      }
    }
    return n;
  }

 private:
  size_t readNext = 0;
  size_t readOffset = 0;
};

struct Fixture {
  kj::EventLoop loop;
  kj::WaitScope waitScope{loop};
  RecordingStream* inner;
  kj::Own<CoalescingStream> stream;

  Fixture() {
    auto recording = kj::heap<RecordingStream>();
    inner = recording.get();
    stream = kj::heap<CoalescingStream>(kj::mv(recording));
  }
};

TEST(CoalescingStream, SmallWritesGoOutTogetherOnceTheLoopIsIdle) {
  Fixture f;
  auto first = f.stream->write("head\r\n", 6);
  auto second = f.stream->write("body", 4);
  // Both resolve at once: they were copied.
  first.wait(f.waitScope);
  second.wait(f.waitScope);
  f.loop.run();
  ASSERT_EQ(f.inner->writes.size(), 1u);
  EXPECT_EQ(f.inner->writes[0], "head\r\nbody");
}

TEST(CoalescingStream, WritesChainedInTheSameTurnAreCoalesced) {
  // kj::HttpServer writes the body only once the head's write resolved.
  Fixture f;
  auto both = f.stream->write("head\r\n", 6).then([&]() { return f.stream->write("body", 4); });
  both.wait(f.waitScope);
  f.loop.run();
  ASSERT_EQ(f.inner->writes.size(), 1u);
  EXPECT_EQ(f.inner->writes[0], "head\r\nbody");
}

TEST(CoalescingStream, ABigWriteGoesOutWithWhatWaitsBeforeIt) {
  Fixture f;
  f.stream->write("head", 4).wait(f.waitScope);
  auto big = kj::heapArray<kj::byte>(COALESCE_MAX_BYTES + 1);
  memset(big.begin(), 'x', big.size());
  f.stream->write(big.begin(), big.size()).wait(f.waitScope);
  ASSERT_EQ(f.inner->writes.size(), 1u);
  EXPECT_EQ(f.inner->writes[0].size(), 4 + big.size());
  EXPECT_TRUE(f.inner->writes[0].startsWith("headxxx"));
  f.loop.run();
  EXPECT_EQ(f.inner->writes.size(), 1u);  // nothing left to send when the loop idles
}

TEST(CoalescingStream, FlushSendsWhatWaitsAndResolvesOnceWritten) {
  Fixture f;
  f.inner->hold = true;
  f.stream->write("a", 1).wait(f.waitScope);
  auto flushed = f.stream->flush();
  EXPECT_FALSE(flushed.poll(f.waitScope));
  ASSERT_EQ(f.inner->writes.size(), 1u);
  EXPECT_EQ(f.inner->writes[0], "a");
  // Written meanwhile: goes after "a", in order.
  f.stream->write("b", 1).wait(f.waitScope);
  KJ_ASSERT_NONNULL(f.inner->held)->fulfill();
  flushed.wait(f.waitScope);
  f.inner->hold = false;
  f.stream->flush().wait(f.waitScope);
  ASSERT_EQ(f.inner->writes.size(), 2u);
  EXPECT_EQ(f.inner->writes[1], "b");
}

TEST(CoalescingStream, AFailedWriteFailsTheNextOneAndFlush) {
  Fixture f;
  f.inner->fail = true;
  f.stream->write("lost", 4).wait(f.waitScope);  // resolved before it was sent
  f.loop.run();
  EXPECT_ANY_THROW(f.stream->write("next", 4).wait(f.waitScope));
  EXPECT_ANY_THROW(f.stream->flush().wait(f.waitScope));
}

TEST(CoalescingStream, ShutdownWriteComesAfterWhatWasWritten) {
  Fixture f;
  f.inner->hold = true;
  f.stream->write("last", 4).wait(f.waitScope);
  f.stream->shutdownWrite();
  f.loop.run();
  ASSERT_EQ(f.inner->writes.size(), 1u);
  EXPECT_FALSE(f.inner->shutDown);
  KJ_ASSERT_NONNULL(f.inner->held)->fulfill();
  f.loop.run();
  EXPECT_TRUE(f.inner->shutDown);
}

struct ReadAheadFixture {
  kj::EventLoop loop;
  kj::WaitScope waitScope{loop};
  RecordingStream* inner;
  kj::Own<ReadAheadStream> stream;

  explicit ReadAheadFixture(size_t bufferBytes) {
    auto recording = kj::heap<RecordingStream>();
    inner = recording.get();
    stream = kj::heap<ReadAheadStream>(kj::mv(recording), bufferBytes);
  }
  kj::String read(size_t minBytes, size_t maxBytes) {
    char buffer[64];
    size_t n = stream->tryRead(buffer, minBytes, maxBytes).wait(waitScope);
    return kj::heapString(buffer, n);
  }
};

TEST(ReadAheadStream, SmallReadsAreServedFromOneRead) {
  ReadAheadFixture f(16);
  f.inner->toRead.add(kj::str("12345678abcdefgh"));
  EXPECT_EQ(f.read(8, 8), "12345678");  // as Cap'n Proto reads a message's first word
  EXPECT_EQ(f.read(4, 8), "abcdefgh");
  EXPECT_EQ(f.inner->readsAsked, 1u);
}

TEST(ReadAheadStream, AReadSpanningTheBufferWaitsForTheRest) {
  ReadAheadFixture f(8);
  f.inner->toRead.add(kj::str("1234"));
  f.inner->toRead.add(kj::str("5678"));
  EXPECT_EQ(f.read(2, 2), "12");
  EXPECT_EQ(f.read(4, 4), "3456");
  EXPECT_EQ(f.read(2, 8), "78");
  EXPECT_EQ(f.read(1, 8), "");  // the end
}

TEST(ReadAheadStream, AReadBiggerThanTheBufferGoesStraightThrough) {
  ReadAheadFixture f(4);
  f.inner->toRead.add(kj::str("1234567890"));
  EXPECT_EQ(f.read(2, 2), "12");    // reads "1234" ahead
  EXPECT_EQ(f.read(8, 8), "34567890");  // "34", then the rest straight into the buffer
}

TEST(ReadAheadStream, TheEndInTheMiddleOfAReadReturnsWhatCame) {
  ReadAheadFixture f(16);
  f.inner->toRead.add(kj::str("abc"));
  EXPECT_EQ(f.read(8, 8), "abc");
  EXPECT_EQ(f.read(1, 8), "");
}

// A whole server over a socket: the responses arrive whole and in order, the last ones too.
class Hello final : public kj::HttpService {
 public:
  explicit Hello(kj::HttpHeaderTable& table) : table(table) {}
  kj::Promise<void> request(kj::HttpMethod, kj::StringPtr, const kj::HttpHeaders&,
                            kj::AsyncInputStream&, Response& response) override {
    kj::HttpHeaders headers(table);
    auto body = response.send(200, "OK", headers, uint64_t(5));
    auto promise = body->write("hello", 5);
    return promise.attach(kj::mv(body));
  }

 private:
  kj::HttpHeaderTable& table;
};

TEST(CoalescingStream, ServesHttp) {
  auto io = kj::setupAsyncIo();
  kj::HttpHeaderTable table;
  Hello service(table);
  kj::HttpServer server(io.provider->getTimer(), table, service);
  auto listener = io.provider->getNetwork()
                      .parseAddress("127.0.0.1", 0)
                      .wait(io.waitScope)
                      ->listen();
  auto serving = listenHttpCoalesced(server, *listener).eagerlyEvaluate(nullptr);
  auto client = io.provider->getNetwork()
                    .parseAddress("127.0.0.1", listener->getPort())
                    .wait(io.waitScope)
                    ->connect()
                    .wait(io.waitScope);
  auto requests = "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"_kj;
  client->write(requests.begin(), requests.size()).wait(io.waitScope);
  // The server may see the end of the requests before the loop turns idle: the responses
  // still waiting then must go out before it closes.
  client->shutdownWrite();
  auto text = client->readAllText().wait(io.waitScope);
  auto response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"_kj;
  EXPECT_EQ(text, kj::str(response, response));
}

}  // namespace
}  // namespace shoal
