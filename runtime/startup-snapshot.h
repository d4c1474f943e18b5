// The V8 startup snapshot worker isolates are made from: its default context has the Web
// API bootstrap (runtime/js) run and a request already taken through it, so a new isolate
// deserializes that instead of running the bootstrap's JavaScript again.
#pragma once

#include <kj/memory.h>
#include <v8.h>

#include "runtime/v8-system.h"

namespace shoal {

// What a context made from the snapshot holds (v8::Context::GetDataFromSnapshotOnce).
constexpr size_t SNAPSHOT_INTERNAL_INDEX = 0;  // the bootstrap's `internal` object

// The snapshot, made on the first call (~30 ms) and kept by `system`. An isolate made
// from it (CreateParams::snapshot_blob and external_references) must set its
// NATIVE_HOST_SLOT and SESSION_NATIVES_SLOT (runtime/bootstrap.h) before running any
// JavaScript; per-isolate settings (callbacks, microtask policy, heap limit) are not in
// the snapshot. In each context from Context::New it must call
// `internal.resetTimeOrigin()` and delete SharedArrayBuffer again, which V8 adds back.
// Thread-safe.
const V8System::StartupSnapshot& workerSnapshot(V8System& system);

// Makes it: what workerSnapshot does on its first call.
kj::Own<V8System::StartupSnapshot> makeWorkerSnapshot();

}  // namespace shoal
