#include "runtime/body-pipe.h"

#include <kj/debug.h>

#include <cstring>

namespace shoal {

class BodyPipe::Reader final : public kj::AsyncInputStream {
 public:
  explicit Reader(kj::Own<BodyPipe> pipe) : pipe(kj::mv(pipe)) {}
  ~Reader() noexcept(false) { pipe->dropReader(); }

  kj::Promise<size_t> tryRead(void* buffer, size_t minBytes, size_t maxBytes) override {
    return pipe->tryRead(buffer, minBytes, maxBytes);
  }

 private:
  kj::Own<BodyPipe> pipe;
};

BodyPipe::BodyPipe() {}
BodyPipe::~BodyPipe() noexcept(false) {}

kj::Own<kj::AsyncInputStream> BodyPipe::reader() { return kj::heap<Reader>(kj::addRef(*this)); }

kj::Promise<void> BodyPipe::write(kj::Array<kj::byte> bytes) {
  KJ_REQUIRE(written == nullptr, "one write at a time");
  if (readerGone) return KJ_EXCEPTION(DISCONNECTED, "the response's reader is gone");
  if (bytes.size() == 0) return kj::READY_NOW;
  chunk = kj::mv(bytes);
  chunkOffset = 0;
  auto paf = kj::newPromiseAndFulfiller<void>();
  written = kj::mv(paf.fulfiller);
  pour();
  return kj::mv(paf.promise);
}

void BodyPipe::end() {
  ended = true;
  pour();
}

void BodyPipe::fail(kj::Exception exception) {
  error = kj::mv(exception);
  pour();
}

void BodyPipe::pour() {
  KJ_IF_MAYBE (r, read) {
    if (chunkOffset < chunk.size()) {
      size_t n = kj::min(chunk.size() - chunkOffset, r->buffer.size() - r->filled);
      memcpy(r->buffer.begin() + r->filled, chunk.begin() + chunkOffset, n);
      r->filled += n;
      chunkOffset += n;
    }
    if (r->filled >= r->minBytes || ended || error != nullptr) {
      KJ_IF_MAYBE (e, error) {
        if (r->filled == 0) {
          r->done->reject(kj::cp(*e));
        } else {
          r->done->fulfill(kj::cp(r->filled));  // the error comes on the next read
        }
      } else {
        r->done->fulfill(kj::cp(r->filled));
      }
      read = nullptr;
    }
  }
  if (chunkOffset >= chunk.size()) {
    KJ_IF_MAYBE (w, written) {
      (*w)->fulfill();
      written = nullptr;
    }
  }
}

kj::Promise<size_t> BodyPipe::tryRead(void* buffer, size_t minBytes, size_t maxBytes) {
  KJ_REQUIRE(read == nullptr, "one read at a time");
  KJ_IF_MAYBE (e, error) {
    if (chunkOffset >= chunk.size()) return kj::cp(*e);
  }
  auto paf = kj::newPromiseAndFulfiller<size_t>();
  read = Read{kj::arrayPtr(static_cast<kj::byte*>(buffer), maxBytes), kj::max(minBytes, 1ul), 0,
              kj::mv(paf.fulfiller)};
  pour();
  return kj::mv(paf.promise);
}

void BodyPipe::dropReader() {
  readerGone = true;
  read = nullptr;
  KJ_IF_MAYBE (w, written) {
    (*w)->reject(KJ_EXCEPTION(DISCONNECTED, "the response's reader is gone"));
    written = nullptr;
  }
}

}  // namespace shoal
