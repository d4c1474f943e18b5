#include "runtime/startup-snapshot.h"

#include <kj/debug.h>
#include <kj/vector.h>

#include "runtime/bootstrap-source.h"
#include "runtime/bootstrap.h"
#include "runtime/frozen-clock.h"
#include "runtime/session-natives.h"

namespace shoal {

namespace {

// The natives' host while the snapshot is made. The bootstrap and its warm-up request call
// only respond and fail, for the warm-up's request (id 0); anything else throws, which
// fails the snapshot: a bootstrap that does more needs a look at what the snapshot keeps.
class SnapshotHost final : public NativeHost {
 public:
  explicit SnapshotHost(v8::Isolate* isolate) : isolate(isolate) {}

  kj::Maybe<kj::String> failure;  // the warm-up request's, if it failed

  void print(kj::StringPtr, kj::StringPtr) override { unexpected("print"); }
  void reportUncaught(kj::StringPtr text) override { failure = kj::str(text); }
  uint32_t setTimer(v8::Local<v8::Function>, double, bool) override {
    return unexpected("setTimer");
  }
  void clearTimer(uint32_t) override { unexpected("clearTimer"); }
  bool sessionsRouted() override { return unexpected("sessionsRouted"); }
  void routeSession(const v8::FunctionCallbackInfo<v8::Value>&) override {
    unexpected("routeSession");
  }
  void sessionDone(const v8::FunctionCallbackInfo<v8::Value>&) override {
    unexpected("sessionDone");
  }
  void subrequest(const v8::FunctionCallbackInfo<v8::Value>&) override { unexpected("subrequest"); }
  bool sandboxWarm(kj::StringPtr) override { return unexpected("sandboxWarm"); }
  void sandboxLoad(const v8::FunctionCallbackInfo<v8::Value>&) override {
    unexpected("sandboxLoad");
  }
  uint32_t webSocketNewId() override { return unexpected("webSocketNewId"); }
  void webSocketSend(uint32_t, v8::Local<v8::Value>) override { unexpected("webSocketSend"); }
  void webSocketClose(uint32_t, uint16_t, kj::StringPtr) override { unexpected("webSocketClose"); }
  void scheduledDone(uint32_t, kj::Maybe<kj::String>) override { unexpected("scheduledDone"); }
  void respondStreaming(uint32_t, const v8::FunctionCallbackInfo<v8::Value>&) override {
    unexpected("respondStreaming");
  }
  void bodyWrite(const v8::FunctionCallbackInfo<v8::Value>&) override { unexpected("bodyWrite"); }
  void bodyEnd(uint32_t, kj::Maybe<kj::String>) override { unexpected("bodyEnd"); }
  void bodyRead(const v8::FunctionCallbackInfo<v8::Value>&) override { unexpected("bodyRead"); }
  void bodyCancel(uint32_t) override { unexpected("bodyCancel"); }
  uint32_t outboundBody() override { return unexpected("outboundBody"); }
  void respond(uint32_t, const v8::FunctionCallbackInfo<v8::Value>&) override {}
  void runDone(uint32_t, kj::Maybe<kj::String>, kj::Maybe<kj::String> error) override {
    KJ_IF_MAYBE(text, error) failure = kj::mv(*text);
  }
  void fail(uint32_t, kj::StringPtr error) override { failure = kj::str(error); }

 private:
  v8::Isolate* isolate;

  // Throws in JavaScript (a C++ exception must not cross V8's frames).
  int unexpected(const char* what) {
    failure = kj::str("native.", what, " called while the startup snapshot was made");
    throwTypeError(isolate, KJ_ASSERT_NONNULL(failure));
    return 0;
  }
};

}  // namespace

kj::Own<V8System::StartupSnapshot> makeWorkerSnapshot() {
  auto snapshot = kj::heap<V8System::StartupSnapshot>();
  kj::Vector<intptr_t> table;
  appendBootstrapReferences(table);
  for (auto& entry : SessionNatives::natives()) {
    table.add(reinterpret_cast<intptr_t>(entry.callback));
  }
  appendBootstrapSourceReferences(table);
  table.add(0);
  snapshot->externalReferences = table.releaseAsArray();

  v8::StartupData blob;
  {
    v8::SnapshotCreator creator(snapshot->externalReferences.begin());
    auto isolate = creator.GetIsolate();
    SnapshotHost host(isolate);
    isolate->SetData(NATIVE_HOST_SLOT, static_cast<NativeHost*>(&host));
    isolate->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);  // as worker isolates
    {
      v8::HandleScope handleScope(isolate);
      freezeClock();
      auto context = v8::Context::New(isolate);
      v8::Context::Scope contextScope(context);
      // As in every worker's context (Worker::Impl sets it again on each).
      context->AllowCodeGenerationFromStrings(false);
      // V8 leaves out the globals behind feature flags (SharedArrayBuffer, Atomics) while
      // it makes a snapshot, and adds them to each context made from it.
      auto internal = runBootstrap(isolate, context, SessionNatives::natives());
      // The code paths every first request takes, compiled now, so the snapshot holds
      // their bytecode and no cold start compiles them.
      {
        v8::TryCatch tryCatch(isolate);
        auto warmUp = internal->Get(context, toV8(isolate, "warmUp")).ToLocalChecked();
        KJ_ASSERT(warmUp->IsFunction() && !warmUp.As<v8::Function>()
                                               ->Call(context, v8::Undefined(isolate), 0, nullptr)
                                               .IsEmpty(),
                  "warm-up failed", toKj(isolate, tryCatch.Exception()));
        isolate->PerformMicrotaskCheckpoint();  // the warm-up request's answer
      }
      KJ_IF_MAYBE(failure, host.failure) KJ_FAIL_ASSERT("warm-up failed", *failure);
      creator.SetDefaultContext(context);
      KJ_ASSERT(creator.AddData(context, internal) == SNAPSHOT_INTERNAL_INDEX);
    }
    // kKeep: the bytecode the bootstrap and the warm-up compiled stays in the snapshot.
    blob = creator.CreateBlob(v8::SnapshotCreator::FunctionCodeHandling::kKeep);
  }
  KJ_ASSERT(blob.data != nullptr, "V8 could not make the startup snapshot");
  snapshot->bytes = kj::heapArray(blob.data, blob.raw_size);
  delete[] blob.data;
  snapshot->blob = {snapshot->bytes.begin(), int(snapshot->bytes.size())};
  return snapshot;
}

const V8System::StartupSnapshot& workerSnapshot(V8System& system) {
  return system.startupSnapshot(makeWorkerSnapshot);
}

}  // namespace shoal
