#include "runtime/compression-natives.h"

#include <kj/common.h>
#include <kj/string.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <new>

#include "runtime/bootstrap.h"

// A (de)compressor's whole state lives inside one ArrayBuffer, the handle streams.js holds:
// the z_stream, then every allocation zlib makes, carved from the rest of the buffer (zlib
// allocates once, when it starts, and frees only at the end). So the memory is charged to the
// isolate's ArrayBuffer budget and goes with the handle: the garbage collector frees a stream
// dropped half way, and nothing outlives the isolate. (ArrayBuffer memory does not move.)
//
// These run on the isolate's thread, where the CPU watchdog cannot interrupt them, so each
// call does bounded work: at most CALL_MAX_INPUT bytes in and CALL_MAX_OUTPUT bytes out; streams.js
// calls again for the rest, between calls the watchdog can stop it.

namespace shoal {
namespace {

using Info = const v8::FunctionCallbackInfo<v8::Value>&;

constexpr size_t CALL_MAX_INPUT = 256 * 1024;
constexpr size_t CALL_MAX_OUTPUT = 64 * 1024;
constexpr uint64_t MAGIC = 0x73686f616c7a6c62;  // "shoalzlb"

// zlib's own bounds for windowBits 15 and memLevel 8 (zconf.h): deflate needs
// (1 << (windowBits + 2)) + (1 << (memLevel + 9)) bytes plus its state structure, inflate
// (1 << windowBits) plus its state; the slack covers those structures and alignment.
constexpr size_t DEFLATE_ARENA = (1 << 17) + (1 << 17) + 16 * 1024;
constexpr size_t INFLATE_ARENA = (1 << 15) + 16 * 1024;

struct State {
  uint64_t magic;
  bool compress;
  bool ended;
  size_t used;      // arena bytes handed to zlib
  size_t capacity;  // arena size
  z_stream z;
  alignas(16) unsigned char arena[1];  // really `capacity` bytes

  static size_t sizeFor(size_t capacity) { return offsetof(State, arena) + capacity; }
};

voidpf arenaAlloc(voidpf opaque, uInt items, uInt size) {
  auto state = static_cast<State*>(opaque);
  size_t bytes = static_cast<size_t>(items) * size;
  size_t at = (state->used + 15) & ~static_cast<size_t>(15);
  if (bytes > state->capacity || at > state->capacity - bytes) return Z_NULL;
  state->used = at + bytes;
  return state->arena + at;
}

void arenaFree(voidpf, voidpf) {}  // the arena goes with the handle

// The State inside a handle made by zlibNew, or null.
State* stateOf(v8::Local<v8::Value> value) {
  if (!value->IsArrayBuffer()) return nullptr;
  auto buffer = value.As<v8::ArrayBuffer>();
  if (buffer->ByteLength() < sizeof(State)) return nullptr;
  auto state = static_cast<State*>(buffer->Data());
  return state->magic == MAGIC ? state : nullptr;
}

// zlibNew(format, compress): a handle for "deflate", "deflate-raw" or "gzip".
void zlibNew(Info info) {
  auto isolate = info.GetIsolate();
  auto format = toKj(isolate, info[0]);
  bool compress = info[1]->BooleanValue(isolate);
  int windowBits;
  if (format == "deflate") {
    windowBits = 15;
  } else if (format == "deflate-raw") {
    windowBits = -15;
  } else if (format == "gzip") {
    windowBits = 15 + 16;
  } else {
    return throwTypeError(isolate, "compression: unknown format");
  }
  size_t capacity = compress ? DEFLATE_ARENA : INFLATE_ARENA;
  v8::Local<v8::ArrayBuffer> buffer;
  if (!newArrayBuffer(isolate, State::sizeFor(capacity)).ToLocal(&buffer)) return;
  auto state = static_cast<State*>(buffer->Data());
  state->magic = MAGIC;
  state->compress = compress;
  state->ended = false;
  state->used = 0;
  state->capacity = capacity;
  memset(&state->z, 0, sizeof(state->z));
  state->z.zalloc = arenaAlloc;
  state->z.zfree = arenaFree;
  state->z.opaque = state;
  int result = compress ? deflateInit2(&state->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8,
                                       Z_DEFAULT_STRATEGY)
                        : inflateInit2(&state->z, windowBits);
  if (result != Z_OK) return throwTypeError(isolate, "compression: zlib could not start");
  info.GetReturnValue().Set(buffer);
}

// zlibPush(handle, bytes, finish): [output (Uint8Array), bytes consumed, status]; status 0:
// wants more input, 1: has more output (call again), 2: the stream ended. Throws a TypeError
// for invalid compressed data.
void zlibPush(Info info) {
  auto isolate = info.GetIsolate();
  State* state = stateOf(info[0]);
  if (state == nullptr) return throwTypeError(isolate, "compression: not a zlib handle");
  if (!info[1]->IsArrayBufferView()) {
    return throwTypeError(isolate, "compression: expected an ArrayBuffer view");
  }
  auto input = bytesOf(info[1]);
  bool finish = info[2]->BooleanValue(isolate);
  if (state->ended) return throwTypeError(isolate, "compression: the stream already ended");
  size_t inputSize = kj::min(input.size(), CALL_MAX_INPUT);
  if (inputSize < input.size()) finish = false;  // the rest comes in the next call

  v8::Local<v8::ArrayBuffer> output;
  if (!newArrayBuffer(isolate, CALL_MAX_OUTPUT).ToLocal(&output)) return;
  auto& z = state->z;
  z.next_in = inputSize > 0 ? input.begin() : nullptr;
  z.avail_in = static_cast<uInt>(inputSize);
  z.next_out = static_cast<Bytef*>(output->Data());
  z.avail_out = static_cast<uInt>(CALL_MAX_OUTPUT);
  int result =
      state->compress ? deflate(&z, finish ? Z_FINISH : Z_NO_FLUSH) : inflate(&z, Z_NO_FLUSH);
  size_t consumed = inputSize - z.avail_in;
  size_t produced = CALL_MAX_OUTPUT - z.avail_out;
  int status;
  if (result == Z_STREAM_END) {
    state->ended = true;
    status = 2;
  } else if (result == Z_OK || result == Z_BUF_ERROR) {
    status = z.avail_out == 0 ? 1 : 0;
  } else {
    state->ended = true;
    return throwTypeError(isolate, result == Z_MEM_ERROR ? "compression: out of memory"
                                                         : "compression: invalid compressed data");
  }
  v8::Local<v8::Value> parts[] = {
      v8::Uint8Array::New(output, 0, produced),
      v8::Number::New(isolate, static_cast<double>(consumed)),
      v8::Integer::New(isolate, status),
  };
  info.GetReturnValue().Set(v8::Array::New(isolate, parts, 3));
}

}  // namespace

kj::ArrayPtr<const NativeFunction> compressionNatives() {
  static const NativeFunction NATIVES[] = {{"zlibNew", zlibNew}, {"zlibPush", zlibPush}};
  return NATIVES;
}

}  // namespace shoal
