// The C++ half of the Web API: the `native` object that runtime/js/*.js builds on (its
// contract is in runtime/js/README.md), and running those files in a fresh context.
#pragma once

#include <kj/array.h>
#include <kj/string.h>
#include <kj/vector.h>
#include <v8.h>

namespace shoal {

// What the natives need from the worker that owns the context. Called on its thread,
// inside the context.
class NativeHost {
 public:
  virtual ~NativeHost() noexcept(false) = default;

  virtual void print(kj::StringPtr level, kj::StringPtr text) = 0;
  virtual void reportUncaught(kj::StringPtr text) = 0;

  // 0 when the isolate already has as many timers as it may.
  virtual uint32_t setTimer(v8::Local<v8::Function> callback, double delayMs, bool repeat) = 0;
  virtual void clearTimer(uint32_t id) = 0;

  // Sessions placed on other hosts: whether they are, and sending one event there (JS:
  // native.routeSession(kind, binding, id, ...) returns a Promise).
  virtual bool sessionsRouted() = 0;
  virtual void routeSession(const v8::FunctionCallbackInfo<v8::Value>& info) = 0;
  // The outcome of a session event this isolate ran for another host.
  virtual void sessionDone(const v8::FunctionCallbackInfo<v8::Value>& info) = 0;

  // A subrequest: fetch() or a service call (JS: native.subrequest(binding, method, url,
  // headerList, body) returns a Promise).
  virtual void subrequest(const v8::FunctionCallbackInfo<v8::Value>& info) = 0;

  // Sandboxes (runtime/js/loader.js): whether sandbox `key` can take a request now, and
  // making it (JS: native.sandboxLoad(key, ...code) returns a Promise).
  virtual bool sandboxWarm(kj::StringPtr key) = 0;
  virtual void sandboxLoad(const v8::FunctionCallbackInfo<v8::Value>& info) = 0;

  // A message (a string, or a Uint8Array) or a close for the client of accepted WebSocket
  // `id` (websocket.js).
  virtual uint32_t webSocketNewId() = 0;
  virtual void webSocketSend(uint32_t id, v8::Local<v8::Value> data) = 0;
  virtual void webSocketClose(uint32_t id, uint16_t code, kj::StringPtr reason) = 0;

  // How scheduled event `id` ended: `error` is nullptr when it succeeded.
  virtual void scheduledDone(uint32_t id, kj::Maybe<kj::String> error) = 0;

  // How one-shot run `id` ended: the JSON of the value run(input) resolved to, or the
  // exception it threw, with its stack.
  virtual void runDone(uint32_t id, kj::Maybe<kj::String> json, kj::Maybe<kj::String> error) = 0;

  // A response whose body streams: the head now (respondStreaming(id, status, statusText,
  // headerList)), then each chunk (bodyWrite(id, u8) returns a Promise settled once the host
  // took it), then the end (bodyEnd(id, null), or bodyEnd(id, errorText) if it failed).
  virtual void respondStreaming(uint32_t id, const v8::FunctionCallbackInfo<v8::Value>& info) = 0;
  virtual void bodyWrite(const v8::FunctionCallbackInfo<v8::Value>& info) = 0;
  virtual void bodyEnd(uint32_t id, kj::Maybe<kj::String> error) = 0;

  // A body arriving from the host (a request's, or a subrequest's response, handed to
  // JavaScript as a number, the id): bodyRead(id) returns a Promise of its next chunk, a
  // Uint8Array, or null at the end; bodyCancel(id) drops the rest.
  virtual void bodyRead(const v8::FunctionCallbackInfo<v8::Value>& info) = 0;
  virtual void bodyCancel(uint32_t id) = 0;

  // A body JavaScript sends with a subrequest as it comes: outboundBody() is its id, to pass
  // as the subrequest's body and to write its chunks to, as for respondStreaming.
  virtual uint32_t outboundBody() = 0;

  // The response to request `id` (see Worker::Impl::fetch), or its failure.
  virtual void respond(uint32_t id, const v8::FunctionCallbackInfo<v8::Value>& info) = 0;
  virtual void fail(uint32_t id, kj::StringPtr error) = 0;
};

// A member of `native` implemented in C++.
struct NativeFunction {
  const char* name;
  v8::FunctionCallback callback;
};

// The isolate data slots (v8::Isolate::SetData) natives find their owners in, rather than
// an External in each function's data: a startup snapshot cannot hold an address that
// differs per isolate. Slot 0 is the Worker::Impl's (runtime/worker.cc).
constexpr uint32_t NATIVE_HOST_SLOT = 1;      // the NativeHost
constexpr uint32_t SESSION_NATIVES_SLOT = 2;  // the SessionNatives (runtime/session-natives.h)

// Adds `natives` to `native`, in `context` (which must be entered).
void addNatives(v8::Local<v8::Context> context, v8::Local<v8::Object> native,
                kj::ArrayPtr<const NativeFunction> natives);

// Runs every bootstrap file in `context` (which must be entered) and returns the shared
// `internal` object holding the host hooks. The natives reach their host through the
// isolate's NATIVE_HOST_SLOT. Throws a kj::Exception if a bootstrap file throws: that is a
// bug in shoal, not in the worker. `moreNatives` join `native` before the files run.
v8::Local<v8::Object> runBootstrap(v8::Isolate* isolate, v8::Local<v8::Context> context,
                                   kj::ArrayPtr<const NativeFunction> moreNatives);

// Appends the address of every callback runBootstrap installs itself to `table` (a
// snapshot's external references, v8::Isolate::CreateParams::external_references).
void appendBootstrapReferences(kj::Vector<intptr_t>& table);

// A new ArrayBuffer of `size` bytes holding a copy of `bytes` (when given), charged to
// the isolate's ArrayBuffer budget. When the budget is spent it throws a RangeError in
// the isolate and returns nothing. (v8::ArrayBuffer::New would end the process instead.)
v8::MaybeLocal<v8::ArrayBuffer> newArrayBuffer(v8::Isolate* isolate, size_t size,
                                               kj::ArrayPtr<const kj::byte> bytes = nullptr);

// Throws a TypeError with `message` in the isolate (for natives to return after).
void throwTypeError(v8::Isolate* isolate, kj::StringPtr message);

// The bytes an ArrayBufferView views; empty for anything else.
kj::ArrayPtr<kj::byte> bytesOf(v8::Local<v8::Value> value);

// Converts a JS value to a kj::String (UTF-8). For messages and names.
kj::String toKj(v8::Isolate* isolate, v8::Local<v8::Value> value);

// A V8 string from UTF-8 text.
v8::Local<v8::String> toV8(v8::Isolate* isolate, kj::StringPtr text);

}  // namespace shoal
