// Fewer, bigger system calls for the HTTP servers and the host RPC.
//
// kj::HttpServer writes a response's head and its body separately, each a write(2) and, on
// a keep-alive connection, each a TCP segment the client must take in: for a small response
// that is most of what answering costs. A CoalescingStream gathers what is written to it
// while the event loop has work queued, and sends it in one write once the loop has nothing
// else to do (kj::evalLast).
//
// Cap'n Proto's two-party RPC reads each message in two or three reads (its first word, then
// the rest). A ReadAheadStream reads what has arrived in one. (Coalescing the RPC's writes
// too saved more CPU time but cost throughput: a host then started on a batch of calls only
// once the front end had read them all, instead of on each as it came.)
#pragma once

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <kj/compat/http.h>

namespace shoal {

// Writes smaller than this are copied and resolve at once (the bytes go out when the event
// loop turns idle); with them, at most this many bytes wait. A bigger write goes out with
// what waits before it, uncopied, and resolves once written: the writer's flow control.
constexpr size_t COALESCE_MAX_BYTES = 16 * 1024;

// Wraps `inner`. A write that fails after it resolved fails the next write, and flush().
// Reads and everything but writes go straight to `inner`. Thread affinity: the thread of
// the event loop it is used on.
class CoalescingStream final : public kj::AsyncIoStream {
 public:
  explicit CoalescingStream(kj::Own<kj::AsyncIoStream> inner);
  ~CoalescingStream() noexcept(false);
  KJ_DISALLOW_COPY(CoalescingStream);

  // Resolves once everything written so far has reached `inner`. Bytes still waiting when
  // the stream is destroyed are lost: flush first.
  kj::Promise<void> flush();

  kj::Promise<void> write(const void* buffer, size_t size) override;
  kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override;
  kj::Promise<void> whenWriteDisconnected() override;
  void shutdownWrite() override;

  kj::Promise<size_t> tryRead(void* buffer, size_t minBytes, size_t maxBytes) override;
  kj::Maybe<uint64_t> tryGetLength() override;
  void abortRead() override;
  void getsockopt(int level, int option, void* value, kj::uint* length) override;
  void setsockopt(int level, int option, const void* value, kj::uint length) override;
  void getsockname(struct sockaddr* addr, kj::uint* length) override;
  void getpeername(struct sockaddr* addr, kj::uint* length) override;

 private:
  kj::Own<kj::AsyncIoStream> inner;
  kj::Vector<kj::byte> waiting;  // written, not yet handed to `inner`
  // Writes handed to `inner`, in order; each starts when the one before it is done.
  kj::Promise<void> sending = kj::READY_NOW;
  kj::Maybe<kj::Exception> failure;  // of a write already resolved to its writer
  kj::Maybe<kj::Promise<void>> idleFlush;  // sends `waiting` once the loop is idle
  bool idleFlushQueued = false;

  // Hands `waiting` to `inner`, after what was handed before.
  void sendWaiting();
};

// The read-ahead of a Cap'n Proto RPC connection: a batch of messages in one read.
constexpr size_t RPC_READ_AHEAD_BYTES = 64 * 1024;

// Wraps `inner`: a read asks `inner` for up to `bufferBytes` and serves what was asked from
// that (a read bigger than the buffer goes straight through); everything else goes straight
// to `inner`. Thread affinity: the thread of the event loop it is used on.
class ReadAheadStream final : public kj::AsyncIoStream {
 public:
  ReadAheadStream(kj::Own<kj::AsyncIoStream> inner, size_t bufferBytes);
  ~ReadAheadStream() noexcept(false);
  KJ_DISALLOW_COPY(ReadAheadStream);

  kj::Promise<size_t> tryRead(void* buffer, size_t minBytes, size_t maxBytes) override;
  kj::Maybe<uint64_t> tryGetLength() override;
  void abortRead() override;

  kj::Promise<void> write(const void* buffer, size_t size) override;
  kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override;
  kj::Promise<void> whenWriteDisconnected() override;
  void shutdownWrite() override;
  void getsockopt(int level, int option, void* value, kj::uint* length) override;
  void setsockopt(int level, int option, const void* value, kj::uint length) override;
  void getsockname(struct sockaddr* addr, kj::uint* length) override;
  void getpeername(struct sockaddr* addr, kj::uint* length) override;

 private:
  kj::Own<kj::AsyncIoStream> inner;
  kj::Array<kj::byte> buffer;
  kj::ArrayPtr<kj::byte> unread;  // of `buffer`: read from `inner`, not yet taken
  bool ended = false;             // `inner` ended after `unread`

  // Moves up to `maxBytes` of `unread` to `out`; returns how many.
  size_t take(kj::byte* out, size_t maxBytes);
};

// Serves `server` on `listener`, as kj::HttpServer::listenHttp() does, with each
// connection's writes coalesced (and flushed before the connection closes). Runs until the
// listener fails; dropping the promise drops the connections too. Both `server` and
// `listener` must outlive it.
kj::Promise<void> listenHttpCoalesced(kj::HttpServer& server, kj::ConnectionReceiver& listener);

// Serves `server` on `listener`, as capnp::TwoPartyServer::listen() does, each connection
// through a ReadAheadStream of RPC_READ_AHEAD_BYTES.
kj::Promise<void> listenRpcReadAhead(capnp::TwoPartyServer& server,
                                     kj::ConnectionReceiver& listener);

}  // namespace shoal
