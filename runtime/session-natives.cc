#include "runtime/session-natives.h"

#include <openssl/sha.h>
#include <sys/random.h>

#include <cctype>
#include <cmath>
#include <cstdlib>

#include <kj/debug.h>
#include <v8-value-serializer.h>

#include "runtime/bootstrap.h"

namespace shoal {

namespace {

using Info = const v8::FunctionCallbackInfo<v8::Value>&;

constexpr size_t ID_BYTES = 32;  // ids are 64 hex digits

kj::String hex(kj::ArrayPtr<const kj::byte> bytes) {
  const char* digits = "0123456789abcdef";
  auto out = kj::heapString(bytes.size() * 2);
  for (size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  return out;
}

bool isId(kj::StringPtr text) {
  if (text.size() != ID_BYTES * 2) return false;
  for (char c: text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void throwError(v8::Isolate* isolate, kj::StringPtr message) {
  isolate->ThrowException(v8::Exception::Error(toV8(isolate, message)));
}

// Runs `f`; a kj::Exception becomes a JS Error with its message.
template <typename Func>
void guarded(v8::Isolate* isolate, Func&& f) {
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions(kj::fwd<Func>(f))) {
    throwError(isolate, exception->getDescription());
  }
}

}  // namespace

void SessionNatives::configure(kj::StringPtr folder, kj::StringPtr worker,
                               kj::Duration idleClose) {
  this->folder = kj::heapString(folder);
  this->worker = kj::heapString(worker);
  this->idleClose = idleClose;
}

SessionNatives::~SessionNatives() noexcept(false) {}

SessionNatives& SessionNatives::from(Info info) {
  return *static_cast<SessionNatives*>(info.GetIsolate()->GetData(SESSION_NATIVES_SLOT));
}

SessionDb& SessionNatives::db(Info info) {
  uint32_t handle = info[0]->Uint32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  KJ_IF_MAYBE(found, open.find(handle)) return **found;
  KJ_FAIL_REQUIRE("the session's storage is closed");
}

kj::ArrayPtr<const NativeFunction> SessionNatives::natives() {
  static const NativeFunction NATIVES[] = {
      {"sessionIdleMs", idleMs},           {"sessionIdFromName", idFromName},
      {"sessionNewUniqueId", newUniqueId}, {"sessionOpen", openSession},
      {"sessionClose", closeSession},      {"sqlExec", exec},
      {"sessionTransaction", transaction}, {"sessionSize", size},
      {"alarmIndexPut", alarmIndexPut},    {"alarmIndexDelete", alarmIndexDelete},
      {"alarmIndexAll", alarmIndexAll},    {"serialize", serialize},
      {"deserialize", deserialize},
  };
  return NATIVES;
}

void SessionNatives::idleMs(Info info) {
  info.GetReturnValue().Set(double(from(info).idleClose / kj::MILLISECONDS));
}

void SessionNatives::idFromName(Info info) {
  auto& self = from(info);
  auto isolate = info.GetIsolate();
  auto key = kj::str(self.worker, '\0', toKj(isolate, info[0]), '\0', toKj(isolate, info[1]));
  kj::byte digest[SHA256_DIGEST_LENGTH];
  SHA256(key.asBytes().begin(), key.size(), digest);
  info.GetReturnValue().Set(toV8(isolate, hex(digest)));
}

void SessionNatives::newUniqueId(Info info) {
  kj::byte bytes[ID_BYTES];
  KJ_ASSERT(getrandom(bytes, sizeof(bytes), 0) == sizeof(bytes));
  info.GetReturnValue().Set(toV8(info.GetIsolate(), hex(bytes)));
}

void SessionNatives::openSession(Info info) {
  auto& self = from(info);
  auto isolate = info.GetIsolate();
  auto binding = toKj(isolate, info[0]);
  auto id = toKj(isolate, info[1]);
  if (!isId(id)) return throwError(isolate, "not a session id");
  for (char c: binding) {
    // Bindings are JavaScript identifiers from the manifest; refuse anything path-like.
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$')) {
      return throwError(isolate, "not a session binding name");
    }
  }
  if (self.folder.size() == 0) {
    return throwError(isolate, "sessions are not available here: no data folder");
  }
  guarded(isolate, [&]() {
    // One file per (binding, id): two namespaces never share a database.
    auto db = kj::heap<SessionDb>(kj::str(self.folder, "/", binding, "/", id, ".sqlite"));
    uint32_t handle = self.nextHandle++;
    self.open.insert(handle, kj::mv(db));
    info.GetReturnValue().Set(handle);
  });
}

void SessionNatives::closeSession(Info info) {
  uint32_t handle = info[0]->Uint32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  from(info).open.erase(handle);
}

// sqlExec(handle, sql, params, trusted) -> [columnNames, rows, rowsRead, rowsWritten]
void SessionNatives::exec(Info info) {
  auto isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  guarded(isolate, [&]() {
    auto& db = from(info).db(info);
    auto sql = toKj(isolate, info[1]);
    bool trusted = info[3]->BooleanValue(isolate);

    // Parameters: JS values as SQL values. Their bytes must live until exec returns.
    kj::Vector<SqlValue> params;
    kj::Vector<kj::String> texts;
    kj::Vector<kj::Array<kj::byte>> blobs;
    if (info[2]->IsArray()) {
      auto array = info[2].As<v8::Array>();
      for (uint32_t i = 0; i < array->Length(); ++i) {
        auto value = array->Get(context, i).ToLocalChecked();
        SqlValue out;
        if (value->IsNullOrUndefined()) {
          out.type = SqlValue::Type::NULL_;
        } else if (value->IsBoolean()) {
          out.type = SqlValue::Type::INTEGER;
          out.integer = value->BooleanValue(isolate) ? 1 : 0;
        } else if (value->IsNumber()) {
          double number = value.As<v8::Number>()->Value();
          if (std::trunc(number) == number && std::fabs(number) < 9007199254740992.0) {
            out.type = SqlValue::Type::INTEGER;
            out.integer = int64_t(number);
          } else {
            out.type = SqlValue::Type::REAL;
            out.real = number;
          }
        } else if (value->IsBigInt()) {
          out.type = SqlValue::Type::INTEGER;
          out.integer = value.As<v8::BigInt>()->Int64Value();
        } else if (value->IsArrayBufferView() || value->IsArrayBuffer()) {
          kj::ArrayPtr<const kj::byte> bytes;
          if (value->IsArrayBuffer()) {
            auto buffer = value.As<v8::ArrayBuffer>();
            bytes = kj::arrayPtr(static_cast<const kj::byte*>(buffer->GetBackingStore()->Data()),
                                 buffer->ByteLength());
          } else {
            auto view = value.As<v8::ArrayBufferView>();
            auto* base = static_cast<const kj::byte*>(view->Buffer()->GetBackingStore()->Data());
            bytes = kj::arrayPtr(base + view->ByteOffset(), view->ByteLength());
          }
          blobs.add(kj::heapArray(bytes));
          out.type = SqlValue::Type::BLOB;
          out.bytes = blobs.back();
        } else {
          texts.add(toKj(isolate, value));
          out.type = SqlValue::Type::TEXT;
          out.bytes = texts.back().asBytes();
        }
        params.add(out);
      }
    }

    auto rows = v8::Array::New(isolate);
    uint32_t rowIndex = 0;
    auto result = db.exec(sql, params, [&](kj::ArrayPtr<const SqlValue> row) {
      auto values = v8::Array::New(isolate, row.size());
      for (uint32_t c = 0; c < row.size(); ++c) {
        auto& value = row[c];
        v8::Local<v8::Value> out;
        switch (value.type) {
          case SqlValue::Type::NULL_: out = v8::Null(isolate); break;
          case SqlValue::Type::INTEGER:
            out = v8::Number::New(isolate, double(value.integer));
            break;
          case SqlValue::Type::REAL: out = v8::Number::New(isolate, value.real); break;
          case SqlValue::Type::TEXT:
            out = v8::String::NewFromUtf8(isolate,
                                          reinterpret_cast<const char*>(value.bytes.begin()),
                                          v8::NewStringType::kNormal, value.bytes.size())
                      .ToLocalChecked();
            break;
          case SqlValue::Type::BLOB: {
            v8::Local<v8::ArrayBuffer> buffer;
            if (!newArrayBuffer(isolate, value.bytes.size(), value.bytes).ToLocal(&buffer)) {
              KJ_FAIL_REQUIRE("a BLOB does not fit the worker's memory limit");
            }
            out = buffer;
            break;
          }
        }
        values->Set(context, c, out).Check();
      }
      rows->Set(context, rowIndex++, values).Check();
    }, trusted);

    auto columns = v8::Array::New(isolate, result.columns.size());
    for (uint32_t c = 0; c < result.columns.size(); ++c) {
      columns->Set(context, c, toV8(isolate, result.columns[c])).Check();
    }
    v8::Local<v8::Value> out[] = {columns, rows, v8::Number::New(isolate, result.rowsRead),
                                  v8::Number::New(isolate, result.rowsWritten)};
    info.GetReturnValue().Set(v8::Array::New(isolate, out, 4));
  });
}

// sessionTransaction(handle, op): "begin", "commit", "rollback", "savepoint", "release",
// "rollbackTo", "deleteAll".
void SessionNatives::transaction(Info info) {
  auto isolate = info.GetIsolate();
  guarded(isolate, [&]() {
    auto& db = from(info).db(info);
    auto op = toKj(isolate, info[1]);
    if (op == "begin") {
      db.begin();
    } else if (op == "commit") {
      db.commit();
    } else if (op == "rollback") {
      db.rollback();
    } else if (op == "savepoint") {
      db.savepoint();
    } else if (op == "release") {
      db.releaseSavepoint();
    } else if (op == "rollbackTo") {
      db.rollbackToSavepoint();
    } else if (op == "deleteAll") {
      db.deleteAll();
    } else {
      KJ_FAIL_ASSERT("unknown session transaction op", op);
    }
  });
}

void SessionNatives::size(Info info) {
  auto isolate = info.GetIsolate();
  guarded(isolate, [&]() {
    info.GetReturnValue().Set(v8::Number::New(isolate, double(from(info).db(info).size())));
  });
}

AlarmIndex& SessionNatives::alarms() {
  KJ_IF_MAYBE(index, alarmIndex) return **index;
  KJ_REQUIRE(folder.size() > 0, "sessions are not available here: no data folder");
  auto index = kj::heap<AlarmIndex>(folder);
  auto& ref = *index;
  alarmIndex = kj::mv(index);
  return ref;
}

void SessionNatives::alarmIndexPut(Info info) {
  auto isolate = info.GetIsolate();
  guarded(isolate, [&]() {
    from(info).alarms().put(toKj(isolate, info[0]), toKj(isolate, info[1]),
                            info[2]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0));
  });
}

void SessionNatives::alarmIndexDelete(Info info) {
  auto isolate = info.GetIsolate();
  guarded(isolate, [&]() {
    from(info).alarms().remove(toKj(isolate, info[0]), toKj(isolate, info[1]));
  });
}

// alarmIndexAll() -> [[binding, id, atMs], ...]
void SessionNatives::alarmIndexAll(Info info) {
  auto isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  guarded(isolate, [&]() {
    auto out = v8::Array::New(isolate);
    uint32_t i = 0;
    for (auto& entry: from(info).alarms().all()) {
      v8::Local<v8::Value> values[] = {toV8(isolate, entry.binding), toV8(isolate, entry.id),
                                       v8::Number::New(isolate, entry.atMs)};
      out->Set(context, i++, v8::Array::New(isolate, values, 3)).Check();
    }
    info.GetReturnValue().Set(out);
  });
}

// Values kept by ctx.storage.put(): V8's structured serialization.
void SessionNatives::serialize(Info info) {
  auto isolate = info.GetIsolate();
  v8::ValueSerializer serializer(isolate);
  serializer.WriteHeader();
  if (!serializer.WriteValue(isolate->GetCurrentContext(), info[0]).FromMaybe(false)) return;
  auto [data, size] = serializer.Release();
  KJ_DEFER(free(data));
  v8::Local<v8::ArrayBuffer> buffer;
  if (!newArrayBuffer(isolate, size, kj::arrayPtr(data, size)).ToLocal(&buffer)) return;
  info.GetReturnValue().Set(v8::Uint8Array::New(buffer, 0, size));
}

void SessionNatives::deserialize(Info info) {
  auto isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  if (!info[0]->IsArrayBuffer()) return throwError(isolate, "stored value is damaged");
  auto buffer = info[0].As<v8::ArrayBuffer>();
  v8::ValueDeserializer deserializer(
      isolate, static_cast<const uint8_t*>(buffer->GetBackingStore()->Data()),
      buffer->ByteLength());
  v8::Local<v8::Value> value;
  if (deserializer.ReadHeader(context).FromMaybe(false) &&
      deserializer.ReadValue(context).ToLocal(&value)) {
    info.GetReturnValue().Set(value);
  }
}

}  // namespace shoal
