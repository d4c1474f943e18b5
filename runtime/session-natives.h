// The natives behind sessions (runtime/js/sessions.js): session ids, and each session's
// SQLite database (storage/session-db.h) opened and driven from JavaScript.
#pragma once

#include <kj/map.h>
#include <kj/string.h>
#include <kj/time.h>
#include <v8.h>

#include "storage/session-db.h"

namespace shoal {

// One per worker isolate. Thread affinity: the isolate's thread.
class SessionNatives {
 public:
  // `folder` holds this worker's session files (DATA/sessions/WORKER); empty when the
  // worker has no session bindings. `worker` salts idFromName, so two workers' ids for
  // the same name differ.
  SessionNatives(kj::StringPtr folder, kj::StringPtr worker, kj::Duration idleClose);
  ~SessionNatives() noexcept(false);

  // Adds the session natives to `native` (see runtime/js/README.md).
  void install(v8::Isolate* isolate, v8::Local<v8::Context> context,
               v8::Local<v8::Object> native);

 private:
  kj::String folder;
  kj::String worker;
  kj::Duration idleClose;
  kj::HashMap<uint32_t, kj::Own<SessionDb>> open;  // by handle
  uint32_t nextHandle = 1;
  // Which sessions have an alarm set, so alarms fire after a restart without opening
  // every session. Each session's own table stays the authority; this is a hint.
  kj::Maybe<kj::Own<SessionDb>> alarmIndex;

  SessionDb& alarms();

  static SessionNatives& from(const v8::FunctionCallbackInfo<v8::Value>& info);
  SessionDb& db(const v8::FunctionCallbackInfo<v8::Value>& info);

  static void idFromName(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void newUniqueId(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void openSession(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void closeSession(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void exec(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void transaction(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void size(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void alarmIndexPut(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void alarmIndexDelete(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void alarmIndexAll(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void serialize(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void deserialize(const v8::FunctionCallbackInfo<v8::Value>& info);
};

}  // namespace shoal
