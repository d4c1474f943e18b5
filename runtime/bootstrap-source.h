// The bootstrap files' text as V8 strings that point at one copy per process.
#pragma once

#include <kj/vector.h>
#include <v8.h>

#include <cstddef>
#include <cstdint>

namespace shoal {

// BOOTSTRAP_FILES[fileIndex]'s source as an external string: its characters stay outside
// the heap, shared by every isolate in the process, instead of a ~260 KB copy per isolate
// (with V8 keeping each script's source for lazy compilation, that copy lived as long as
// the isolate). ASCII files point straight into the binary; any other file is decoded to
// UTF-16 once per process. Thread-safe.
v8::Local<v8::String> bootstrapSource(v8::Isolate* isolate, size_t fileIndex);

// The bytes behind all of those strings. V8 counts them in every isolate's external memory
// (v8::HeapStatistics::external_memory), though no isolate holds them alone.
size_t bootstrapSourceBytes();

// Appends the addresses of the resources behind those strings to `table`, a startup
// snapshot's external references: V8 keeps a string external through a snapshot only if
// its resource is in that table, else every isolate made from the snapshot gets a copy.
void appendBootstrapSourceReferences(kj::Vector<intptr_t>& table);

}  // namespace shoal
