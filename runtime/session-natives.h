// The natives behind sessions (runtime/js/sessions.js): session ids, and each session's
// SQLite database (storage/session-db.h) opened and driven from JavaScript.
#pragma once

#include <kj/map.h>
#include <kj/string.h>
#include <kj/time.h>
#include <v8.h>

#include "runtime/bootstrap.h"
#include "storage/alarm-index.h"
#include "storage/session-db.h"

namespace shoal {

// One per worker isolate, found through the isolate's SESSION_NATIVES_SLOT. Thread
// affinity: the isolate's thread.
class SessionNatives {
 public:
  SessionNatives() = default;

  // Which worker the sessions belong to, once it is known: `folder` holds its session
  // files (DATA/sessions/WORKER; empty when it has no session bindings), and `worker`
  // salts idFromName, so two workers' ids for the same name differ.
  void configure(kj::StringPtr folder, kj::StringPtr worker, kj::Duration idleClose);
  ~SessionNatives() noexcept(false);

  // The session members of `native` (see runtime/js/README.md), for runBootstrap.
  static kj::ArrayPtr<const NativeFunction> natives();

 private:
  kj::String folder = kj::str("");
  kj::String worker = kj::str("");
  kj::Duration idleClose = 30 * kj::SECONDS;
  kj::HashMap<uint32_t, kj::Own<SessionDb>> open;  // by handle
  uint32_t nextHandle = 1;
  // Which sessions have an alarm set, so alarms fire after a restart without opening
  // every session. Each session's own table stays the authority; this is a hint.
  kj::Maybe<kj::Own<AlarmIndex>> alarmIndex;

  AlarmIndex& alarms();

  static SessionNatives& from(const v8::FunctionCallbackInfo<v8::Value>& info);
  SessionDb& db(const v8::FunctionCallbackInfo<v8::Value>& info);

  static void idleMs(const v8::FunctionCallbackInfo<v8::Value>& info);
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
