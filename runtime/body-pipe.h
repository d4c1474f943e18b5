// A body flowing chunk by chunk from a writer to whoever reads it: a response out of a
// worker's JavaScript toward the client, or a request body from the client into it. The
// writer's promise resolves once the reader took the chunk, so either side goes at the
// other's pace in constant memory. An error, unlike the
// end, reaches the reader as an exception: a body cut short never looks complete.
#pragma once

#include <kj/async-io.h>

namespace shoal {

class BodyPipe final : public kj::Refcounted {
 public:
  BodyPipe();
  ~BodyPipe() noexcept(false);
  KJ_DISALLOW_COPY(BodyPipe);

  // The reading end (one). Dropping it makes pending and later writes fail: the reader
  // (the client) is gone.
  kj::Own<kj::AsyncInputStream> reader();

  // Resolves when the reader has taken all of `chunk`. One write at a time.
  kj::Promise<void> write(kj::Array<kj::byte> chunk);
  void end();
  void fail(kj::Exception error);

  class Reader;

 private:
  friend class Reader;
  struct Read {
    kj::ArrayPtr<kj::byte> buffer;
    size_t minBytes;
    size_t filled = 0;
    kj::Own<kj::PromiseFulfiller<size_t>> done;
  };
  kj::Array<kj::byte> chunk;  // being written
  size_t chunkOffset = 0;
  kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> written;  // for `chunk`
  kj::Maybe<Read> read;                                    // a read waiting for bytes
  bool ended = false;
  kj::Maybe<kj::Exception> error;
  bool readerGone = false;

  void pour();  // moves bytes from `chunk` into `read`, settling what is done
  kj::Promise<size_t> tryRead(void* buffer, size_t minBytes, size_t maxBytes);
  void dropReader();
};

}  // namespace shoal
