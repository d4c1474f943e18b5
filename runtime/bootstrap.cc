#include "runtime/bootstrap.h"

#include <sys/random.h>
#include <cerrno>
#include <unicode/uidna.h>

#include <cstdlib>
#include <cstring>

#include <kj/debug.h>
#include <kj/vector.h>
#include <v8-value-serializer.h>

#include "runtime/bootstrap-js.h"
#include "runtime/bootstrap-source.h"
#include "runtime/compression-natives.h"
#include "runtime/crypto-natives.h"
#include "runtime/utf8.h"

namespace shoal {

kj::String toKj(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::String::Utf8Value utf8(isolate, value);
  return kj::heapString(*utf8 == nullptr ? "(unprintable)" : *utf8, utf8.length());
}

v8::Local<v8::String> toV8(v8::Isolate* isolate, kj::StringPtr text) {
  return v8::String::NewFromUtf8(isolate, text.begin(), v8::NewStringType::kNormal,
                                 text.size())
      .ToLocalChecked();
}

v8::MaybeLocal<v8::ArrayBuffer> newArrayBuffer(v8::Isolate* isolate, size_t size,
                                               kj::ArrayPtr<const kj::byte> bytes) {
  auto* allocator = isolate->GetArrayBufferAllocator();
  void* data = nullptr;
  if (size > 0) {
    auto allocate = [&]() {
      return bytes.size() > 0 ? allocator->AllocateUninitialized(size) : allocator->Allocate(size);
    };
    data = allocate();
    if (data == nullptr) {
      // Garbage may hold the budget (a body streaming through leaves a chunk behind each
      // step): collect it and try again, as V8 does before failing JavaScript's own.
      isolate->LowMemoryNotification();
      data = allocate();
    }
    if (data == nullptr) {
      isolate->ThrowException(v8::Exception::RangeError(toV8(
          isolate, "Array buffer allocation failed: the worker's memory limit is reached")));
      return {};
    }
    if (bytes.size() > 0) memcpy(data, bytes.begin(), kj::min(size, bytes.size()));
  }
  auto store = v8::ArrayBuffer::NewBackingStore(
      data, size,
      [](void* data, size_t length, void* allocator) {
        if (data != nullptr) static_cast<v8::ArrayBuffer::Allocator*>(allocator)->Free(data, length);
      },
      allocator);
  return v8::ArrayBuffer::New(isolate, std::move(store));
}

namespace {

using Info = const v8::FunctionCallbackInfo<v8::Value>&;

NativeHost& hostOf(Info info) {
  return *static_cast<NativeHost*>(info.GetIsolate()->GetData(NATIVE_HOST_SLOT));
}

}  // namespace

void throwTypeError(v8::Isolate* isolate, kj::StringPtr message) {
  isolate->ThrowException(v8::Exception::TypeError(toV8(isolate, message)));
}

// The bytes a Uint8Array (or any ArrayBufferView) views.
kj::ArrayPtr<kj::byte> bytesOf(v8::Local<v8::Value> value) {
  if (!value->IsArrayBufferView()) return nullptr;
  auto view = value.As<v8::ArrayBufferView>();
  auto* base = static_cast<kj::byte*>(view->Buffer()->GetBackingStore()->Data());
  if (base == nullptr) return nullptr;
  return kj::arrayPtr(base + view->ByteOffset(), view->ByteLength());
}

namespace {

// Empty, with a RangeError thrown, past the isolate's ArrayBuffer budget.
v8::MaybeLocal<v8::Uint8Array> newBytes(v8::Isolate* isolate, size_t size, void** data) {
  v8::Local<v8::ArrayBuffer> buffer;
  if (!newArrayBuffer(isolate, size).ToLocal(&buffer)) return {};
  *data = buffer->GetBackingStore()->Data();
  return v8::Uint8Array::New(buffer, 0, size);
}

void print(Info info) {
  auto isolate = info.GetIsolate();
  hostOf(info).print(toKj(isolate, info[0]), toKj(isolate, info[1]));
}

void reportUncaught(Info info) {
  hostOf(info).reportUncaught(toKj(info.GetIsolate(), info[0]));
}

void randomFill(Info info) {
  auto bytes = bytesOf(info[0]);
  while (bytes.size() > 0) {
    ssize_t n = getrandom(bytes.begin(), bytes.size(), 0);
    if (n < 0) {
      KJ_ASSERT(errno == EINTR, "getrandom() failed", errno);
      continue;
    }
    bytes = bytes.slice(n, bytes.size());
  }
}

void utf8Encode(Info info) {
  auto isolate = info.GetIsolate();
  auto text = info[0].As<v8::String>();
  int size = text->Utf8Length(isolate);
  void* data;
  v8::Local<v8::Uint8Array> result;
  if (!newBytes(isolate, size, &data).ToLocal(&result)) return;
  text->WriteUtf8(isolate, static_cast<char*>(data), size, nullptr,
                  v8::String::REPLACE_INVALID_UTF8 | v8::String::NO_NULL_TERMINATION);
  info.GetReturnValue().Set(result);
}

void utf8EncodeInto(Info info) {
  auto isolate = info.GetIsolate();
  auto text = info[0].As<v8::String>();
  auto out = bytesOf(info[1]);
  int read = 0;
  int written = text->WriteUtf8(
      isolate, reinterpret_cast<char*>(out.begin()), out.size(), &read,
      v8::String::REPLACE_INVALID_UTF8 | v8::String::NO_NULL_TERMINATION);
  v8::Local<v8::Value> pair[] = {v8::Integer::New(isolate, read),
                                 v8::Integer::New(isolate, written)};
  info.GetReturnValue().Set(v8::Array::New(isolate, pair, 2));
}

void utf8Decode(Info info) {
  auto isolate = info.GetIsolate();
  auto bytes = bytesOf(info[0]);
  if (info[1]->BooleanValue(isolate) && !isValidUtf8(bytes)) {
    return throwTypeError(isolate, "The encoded data was not valid for encoding utf-8");
  }
  v8::Local<v8::String> result;
  if (!v8::String::NewFromUtf8(isolate, reinterpret_cast<const char*>(bytes.begin()),
                               v8::NewStringType::kNormal, bytes.size())
           .ToLocal(&result)) {
    isolate->ThrowException(v8::Exception::RangeError(
        toV8(isolate, "the decoded text is longer than a JavaScript string can be")));
    return;
  }
  info.GetReturnValue().Set(result);
}

// UTS #46 with the options the URL Standard's "domain to ASCII" uses. The ICU object is
// immutable and thread-safe, so one serves the whole process.
const UIDNA* urlIdna() {
  static const UIDNA* idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    auto* result = uidna_openUTS46(
        UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII, &status);
    KJ_ASSERT(U_SUCCESS(status), "uidna_openUTS46 failed", u_errorName(status));
    return result;
  }();
  return idna;
}

void domainToASCII(Info info) {
  auto isolate = info.GetIsolate();
  auto domain = toKj(isolate, info[0]);
  char out[1024];
  UIDNAInfo idnaInfo = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  int32_t size = uidna_nameToASCII_UTF8(urlIdna(), domain.begin(), domain.size(), out,
                                        sizeof(out), &idnaInfo, &status);
  // CheckHyphens and VerifyDnsLength are off in the URL Standard: ignore those errors.
  constexpr uint32_t IGNORED = UIDNA_ERROR_LEADING_HYPHEN | UIDNA_ERROR_TRAILING_HYPHEN |
                               UIDNA_ERROR_HYPHEN_3_4 | UIDNA_ERROR_EMPTY_LABEL |
                               UIDNA_ERROR_LABEL_TOO_LONG | UIDNA_ERROR_DOMAIN_NAME_TOO_LONG;
  bool ok = U_SUCCESS(status) && (idnaInfo.errors & ~IGNORED) == 0;
  info.GetReturnValue().Set(ok ? toV8(isolate, kj::StringPtr(out, size)).As<v8::Value>()
                               : v8::String::Empty(isolate).As<v8::Value>());
}

// structuredClone(value, transfer): `transfer` is an array of distinct ArrayBuffers (the caller
// checks that). They are detached, and the clone gets their memory without a copy.
void structuredClone(Info info) {
  auto isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  kj::Vector<v8::Local<v8::ArrayBuffer>> transfer;
  if (info[1]->IsArray()) {
    auto list = info[1].As<v8::Array>();
    for (uint32_t i = 0; i < list->Length(); ++i) {
      v8::Local<v8::Value> item;
      if (!list->Get(context, i).ToLocal(&item)) return;
      if (!item->IsArrayBuffer()) {
        return throwTypeError(isolate, "structuredClone: only ArrayBuffers can be transferred");
      }
      auto buffer = item.As<v8::ArrayBuffer>();
      if (buffer->WasDetached() || !buffer->IsDetachable()) {
        // The caller turns an Error that mentions cloning into a DataCloneError.
        isolate->ThrowException(v8::Exception::Error(toV8(
            isolate, "An ArrayBuffer in the transfer list is detached or cannot be detached, "
                     "so it could not be cloned.")));
        return;
      }
      transfer.add(buffer);
    }
  }
  // No delegate: V8 then throws its own Error for values it cannot clone. (A delegate
  // would subclass a V8 class, and libnode is built without RTTI.)
  v8::ValueSerializer serializer(isolate);
  serializer.WriteHeader();
  for (uint32_t i = 0; i < transfer.size(); ++i) serializer.TransferArrayBuffer(i, transfer[i]);
  if (!serializer.WriteValue(context, info[0]).FromMaybe(false)) return;
  auto [data, size] = serializer.Release();
  KJ_DEFER(free(data));
  v8::ValueDeserializer deserializer(isolate, data, size);
  // Only now that serializing succeeded: move each buffer's memory to a new ArrayBuffer.
  for (uint32_t i = 0; i < transfer.size(); ++i) {
    auto store = transfer[i]->GetBackingStore();
    transfer[i]->Detach();
    deserializer.TransferArrayBuffer(i, v8::ArrayBuffer::New(isolate, kj::mv(store)));
  }
  v8::Local<v8::Value> copy;
  if (deserializer.ReadHeader(context).FromMaybe(false) &&
      deserializer.ReadValue(context).ToLocal(&copy)) {
    info.GetReturnValue().Set(copy);
  }
}

void setTimer(Info info) {
  auto isolate = info.GetIsolate();
  if (!info[0]->IsFunction()) return throwTypeError(isolate, "timer callback must be a function");
  double delay = info[1]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
  uint32_t id = hostOf(info).setTimer(info[0].As<v8::Function>(), delay,
                                      info[2]->BooleanValue(isolate));
  if (id != 0) info.GetReturnValue().Set(id);  // else a RangeError is thrown
}

void clearTimer(Info info) {
  uint32_t id = info[0]->Uint32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  hostOf(info).clearTimer(id);
}

void respond(Info info) {
  uint32_t id = info[0]->Uint32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  hostOf(info).respond(id, info);
}

void sessionsRouted(Info info) { info.GetReturnValue().Set(hostOf(info).sessionsRouted()); }
void routeSession(Info info) { hostOf(info).routeSession(info); }
void sessionDone(Info info) { hostOf(info).sessionDone(info); }
void subrequest(Info info) { hostOf(info).subrequest(info); }
void sandboxLoad(Info info) { hostOf(info).sandboxLoad(info); }

void sandboxWarm(Info info) {
  info.GetReturnValue().Set(hostOf(info).sandboxWarm(toKj(info.GetIsolate(), info[0])));
}

void respondStreaming(Info info) {
  uint32_t id = info[0]->Uint32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  hostOf(info).respondStreaming(id, info);
}

void bodyWrite(Info info) { hostOf(info).bodyWrite(info); }

void bodyEnd(Info info) {
  auto isolate = info.GetIsolate();
  uint32_t id = info[0]->Uint32Value(isolate->GetCurrentContext()).FromMaybe(0);
  kj::Maybe<kj::String> error;
  if (!info[1]->IsNullOrUndefined()) error = toKj(isolate, info[1]);
  hostOf(info).bodyEnd(id, kj::mv(error));
}

void bodyRead(Info info) { hostOf(info).bodyRead(info); }

void outboundBody(Info info) { info.GetReturnValue().Set(hostOf(info).outboundBody()); }

void bodyCancel(Info info) {
  hostOf(info).bodyCancel(info[0]->Uint32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0));
}

void webSocketNewId(Info info) { info.GetReturnValue().Set(hostOf(info).webSocketNewId()); }

void webSocketSend(Info info) {
  uint32_t id = info[0]->Uint32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  hostOf(info).webSocketSend(id, info[1]);
}

void webSocketClose(Info info) {
  auto isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  uint32_t id = info[0]->Uint32Value(context).FromMaybe(0);
  uint32_t code = info[1]->Uint32Value(context).FromMaybe(1005);
  hostOf(info).webSocketClose(id, code, toKj(isolate, info[2]));
}

void scheduledDone(Info info) {
  auto isolate = info.GetIsolate();
  uint32_t id = info[0]->Uint32Value(isolate->GetCurrentContext()).FromMaybe(0);
  kj::Maybe<kj::String> error;
  if (!info[1]->IsNullOrUndefined()) error = toKj(isolate, info[1]);
  hostOf(info).scheduledDone(id, kj::mv(error));
}

void runDone(Info info) {
  auto isolate = info.GetIsolate();
  uint32_t id = info[0]->Uint32Value(isolate->GetCurrentContext()).FromMaybe(0);
  kj::Maybe<kj::String> json;
  kj::Maybe<kj::String> error;
  if (info[2]->IsNullOrUndefined()) {
    json = toKj(isolate, info[1]);
  } else {
    error = toKj(isolate, info[2]);
  }
  hostOf(info).runDone(id, kj::mv(json), kj::mv(error));
}

void fail(Info info) {
  auto isolate = info.GetIsolate();
  uint32_t id = info[0]->Uint32Value(isolate->GetCurrentContext()).FromMaybe(0);
  hostOf(info).fail(id, toKj(isolate, info[1]));
}

const NativeFunction CORE_NATIVES[] = {
    {"print", print},
    {"reportUncaught", reportUncaught},
    {"randomFill", randomFill},
    {"utf8Encode", utf8Encode},
    {"utf8EncodeInto", utf8EncodeInto},
    {"utf8Decode", utf8Decode},
    {"domainToASCII", domainToASCII},
    {"structuredClone", structuredClone},
    {"setTimer", setTimer},
    {"clearTimer", clearTimer},
    {"respond", respond},
    {"fail", fail},
    {"sessionsRouted", sessionsRouted},
    {"routeSession", routeSession},
    {"sessionDone", sessionDone},
    {"subrequest", subrequest},
    {"sandboxWarm", sandboxWarm},
    {"sandboxLoad", sandboxLoad},
    {"scheduledDone", scheduledDone},
    {"runDone", runDone},
    {"webSocketNewId", webSocketNewId},
    {"respondStreaming", respondStreaming},
    {"bodyWrite", bodyWrite},
    {"bodyEnd", bodyEnd},
    {"bodyRead", bodyRead},
    {"bodyCancel", bodyCancel},
    {"outboundBody", outboundBody},
    {"webSocketSend", webSocketSend},
    {"webSocketClose", webSocketClose},
};

}  // namespace

void addNatives(v8::Local<v8::Context> context, v8::Local<v8::Object> native,
                kj::ArrayPtr<const NativeFunction> natives) {
  auto isolate = context->GetIsolate();
  for (auto& entry : natives) {
    auto function = v8::Function::New(context, entry.callback, v8::Local<v8::Value>(), 0,
                                      v8::ConstructorBehavior::kThrow)
                        .ToLocalChecked();
    native->Set(context, toV8(isolate, entry.name), function).Check();
  }
}

void appendBootstrapReferences(kj::Vector<intptr_t>& table) {
  kj::ArrayPtr<const NativeFunction> core = CORE_NATIVES;
  for (auto natives : {core, cryptoNatives(), compressionNatives()}) {
    for (auto& entry : natives) table.add(reinterpret_cast<intptr_t>(entry.callback));
  }
}

v8::Local<v8::Object> runBootstrap(v8::Isolate* isolate, v8::Local<v8::Context> context,
                                   kj::ArrayPtr<const NativeFunction> moreNatives) {
  auto native = v8::Object::New(isolate);
  addNatives(context, native, CORE_NATIVES);
  addNatives(context, native, cryptoNatives());
  addNatives(context, native, compressionNatives());
  addNatives(context, native, moreNatives);

  auto internal = v8::Object::New(isolate);
  v8::Local<v8::String> params[] = {toV8(isolate, "native"), toV8(isolate, "internal")};
  for (size_t i = 0; i < BOOTSTRAP_FILE_COUNT; ++i) {
    auto& file = BOOTSTRAP_FILES[i];
    v8::TryCatch tryCatch(isolate);
    v8::ScriptOrigin origin(isolate, toV8(isolate, kj::str("shoal:", file.name)));
    v8::ScriptCompiler::Source source(bootstrapSource(isolate, i), origin);
    v8::Local<v8::Function> body;
    v8::Local<v8::Value> args[] = {native, internal};
    if (!v8::ScriptCompiler::CompileFunction(context, &source, 2, params, 0, nullptr)
             .ToLocal(&body) ||
        body->Call(context, v8::Undefined(isolate), 2, args).IsEmpty()) {
      auto stack = tryCatch.StackTrace(context);
      KJ_FAIL_ASSERT("bootstrap file failed", file.name,
                     toKj(isolate, stack.IsEmpty() ? tryCatch.Exception()
                                                   : stack.ToLocalChecked()));
    }
  }
  return internal;
}

}  // namespace shoal
