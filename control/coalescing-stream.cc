#include "control/coalescing-stream.h"

#include <kj/debug.h>

#include <cstring>

namespace shoal {

CoalescingStream::CoalescingStream(kj::Own<kj::AsyncIoStream> inner) : inner(kj::mv(inner)) {}

CoalescingStream::~CoalescingStream() noexcept(false) {}

kj::Promise<void> CoalescingStream::write(const void* buffer, size_t size) {
  kj::ArrayPtr<const kj::byte> piece(static_cast<const kj::byte*>(buffer), size);
  return write(kj::arrayPtr(&piece, 1));
}

kj::Promise<void> CoalescingStream::write(
    kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) {
  KJ_IF_MAYBE(exception, failure) return kj::cp(*exception);
  size_t size = 0;
  for (auto& piece: pieces) size += piece.size();
  if (size == 0) return kj::READY_NOW;

  if (waiting.size() + size <= COALESCE_MAX_BYTES) {
    for (auto& piece: pieces) waiting.addAll(piece);
    if (!idleFlushQueued) {
      idleFlushQueued = true;
      idleFlush = kj::evalLast([this]() {
                    idleFlushQueued = false;
                    sendWaiting();
                  }).eagerlyEvaluate(nullptr);
    }
    return kj::READY_NOW;
  }

  // Too big to hold: out now with what waits before it, in one write, uncopied.
  auto held = waiting.releaseAsArray();
  auto all = kj::heapArrayBuilder<kj::ArrayPtr<const kj::byte>>(pieces.size() + 1);
  if (held.size() > 0) all.add(held);
  for (auto& piece: pieces) all.add(piece);
  auto sent = sending
                  .then([this, held = kj::mv(held), all = all.finish()]() mutable
                        -> kj::Promise<void> {
                    KJ_IF_MAYBE(exception, failure) return kj::cp(*exception);
                    auto promise = inner->write(all);
                    return promise.attach(kj::mv(held), kj::mv(all));
                  })
                  .fork();
  sending = sent.addBranch().eagerlyEvaluate([this](kj::Exception&& exception) {
    if (failure == nullptr) failure = kj::mv(exception);
  });
  return sent.addBranch();
}

void CoalescingStream::sendWaiting() {
  if (waiting.size() == 0) return;
  auto bytes = waiting.releaseAsArray();
  sending = sending
                .then([this, bytes = kj::mv(bytes)]() mutable -> kj::Promise<void> {
                  if (failure != nullptr) return kj::READY_NOW;  // the next write reports it
                  auto promise = inner->write(bytes.begin(), bytes.size());
                  return promise.attach(kj::mv(bytes));
                })
                .eagerlyEvaluate([this](kj::Exception&& exception) {
                  if (failure == nullptr) failure = kj::mv(exception);
                });
}

kj::Promise<void> CoalescingStream::flush() {
  sendWaiting();
  auto sent = sending.fork();
  sending = sent.addBranch();
  return sent.addBranch().then([this]() -> kj::Promise<void> {
    KJ_IF_MAYBE(exception, failure) return kj::cp(*exception);
    return kj::READY_NOW;
  });
}

kj::Promise<void> CoalescingStream::whenWriteDisconnected() {
  return inner->whenWriteDisconnected();
}

void CoalescingStream::shutdownWrite() {
  // After what was written before.
  sendWaiting();
  sending = sending.then([this]() { inner->shutdownWrite(); })
                .eagerlyEvaluate([this](kj::Exception&& exception) {
                  if (failure == nullptr) failure = kj::mv(exception);
                });
}

kj::Promise<size_t> CoalescingStream::tryRead(void* buffer, size_t minBytes, size_t maxBytes) {
  return inner->tryRead(buffer, minBytes, maxBytes);
}

kj::Maybe<uint64_t> CoalescingStream::tryGetLength() { return inner->tryGetLength(); }

void CoalescingStream::abortRead() { inner->abortRead(); }

void CoalescingStream::getsockopt(int level, int option, void* value, kj::uint* length) {
  inner->getsockopt(level, option, value, length);
}

void CoalescingStream::setsockopt(int level, int option, const void* value, kj::uint length) {
  inner->setsockopt(level, option, value, length);
}

void CoalescingStream::getsockname(struct sockaddr* addr, kj::uint* length) {
  inner->getsockname(addr, length);
}

void CoalescingStream::getpeername(struct sockaddr* addr, kj::uint* length) {
  inner->getpeername(addr, length);
}

ReadAheadStream::ReadAheadStream(kj::Own<kj::AsyncIoStream> inner, size_t bufferBytes)
    : inner(kj::mv(inner)), buffer(kj::heapArray<kj::byte>(bufferBytes)) {}

ReadAheadStream::~ReadAheadStream() noexcept(false) {}

kj::Promise<size_t> ReadAheadStream::tryRead(void* into, size_t minBytes, size_t maxBytes) {
  auto out = static_cast<kj::byte*>(into);
  size_t n = take(out, maxBytes);
  if (n >= minBytes || ended) return n;
  if (maxBytes - n >= buffer.size()) {
    return inner->tryRead(out + n, minBytes - n, maxBytes - n).then([n](size_t more) {
      return n + more;
    });
  }
  return inner->tryRead(buffer.begin(), minBytes - n, buffer.size())
      .then([this, out, n, minBytes, maxBytes](size_t got) {
        unread = buffer.slice(0, got);
        if (got < minBytes - n) ended = true;  // fewer than asked for: the end
        return n + take(out + n, maxBytes - n);
      });
}

size_t ReadAheadStream::take(kj::byte* out, size_t maxBytes) {
  size_t n = kj::min(maxBytes, unread.size());
  memcpy(out, unread.begin(), n);
  unread = unread.slice(n, unread.size());
  return n;
}

kj::Maybe<uint64_t> ReadAheadStream::tryGetLength() {
  KJ_IF_MAYBE(length, inner->tryGetLength()) return *length + unread.size();
  return nullptr;
}

void ReadAheadStream::abortRead() { inner->abortRead(); }

kj::Promise<void> ReadAheadStream::write(const void* buffer, size_t size) {
  return inner->write(buffer, size);
}

kj::Promise<void> ReadAheadStream::write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) {
  return inner->write(pieces);
}

kj::Promise<void> ReadAheadStream::whenWriteDisconnected() {
  return inner->whenWriteDisconnected();
}

void ReadAheadStream::shutdownWrite() { inner->shutdownWrite(); }

void ReadAheadStream::getsockopt(int level, int option, void* value, kj::uint* length) {
  inner->getsockopt(level, option, value, length);
}

void ReadAheadStream::setsockopt(int level, int option, const void* value, kj::uint length) {
  inner->setsockopt(level, option, value, length);
}

void ReadAheadStream::getsockname(struct sockaddr* addr, kj::uint* length) {
  inner->getsockname(addr, length);
}

void ReadAheadStream::getpeername(struct sockaddr* addr, kj::uint* length) {
  inner->getpeername(addr, length);
}

namespace {

class Connections final : private kj::TaskSet::ErrorHandler {
 public:
  Connections(kj::HttpServer& server) : server(server), tasks(*this) {}

  kj::Promise<void> acceptLoop(kj::ConnectionReceiver& listener) {
    return listener.accept().then([this, &listener](kj::Own<kj::AsyncIoStream> connection) {
      tasks.add(serve(kj::mv(connection)));
      return acceptLoop(listener);
    });
  }

 private:
  kj::HttpServer& server;
  kj::TaskSet tasks;

  kj::Promise<void> serve(kj::Own<kj::AsyncIoStream> connection) {
    auto stream = kj::heap<CoalescingStream>(kj::mv(connection));
    auto& coalescing = *stream;
    return server.listenHttpCleanDrain(coalescing)
        .then([&coalescing](bool) {
          // The last response may still be waiting for the loop to turn idle.
          return coalescing.flush().catch_([](kj::Exception&&) {
            // The client is gone; nothing is owed to anyone else.
          });
        })
        .attach(kj::mv(stream));
  }

  void taskFailed(kj::Exception&& exception) override {
    // As kj::HttpServer's own connections do.
    KJ_LOG(ERROR, "unhandled exception in HTTP server", exception);
  }
};

}  // namespace

kj::Promise<void> listenHttpCoalesced(kj::HttpServer& server, kj::ConnectionReceiver& listener) {
  auto connections = kj::heap<Connections>(server);
  auto promise = connections->acceptLoop(listener);
  return promise.attach(kj::mv(connections));
}

kj::Promise<void> listenRpcReadAhead(capnp::TwoPartyServer& server,
                                     kj::ConnectionReceiver& listener) {
  return listener.accept().then([&server, &listener](kj::Own<kj::AsyncIoStream> connection) {
    server.accept(kj::heap<ReadAheadStream>(kj::mv(connection), RPC_READ_AHEAD_BYTES));
    return listenRpcReadAhead(server, listener);
  });
}

}  // namespace shoal
