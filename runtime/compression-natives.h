// CompressionStream and DecompressionStream's primitives (runtime/js/streams.js), over zlib:
// the `native` members zlibNew and zlibPush (their contract is in runtime/js/README.md).
#pragma once

#include <v8.h>

namespace shoal {

// Adds the compression natives to `native`, in `context` (which must be entered).
void addCompressionNatives(v8::Local<v8::Context> context, v8::Local<v8::Object> native);

}  // namespace shoal
