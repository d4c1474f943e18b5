// CompressionStream and DecompressionStream's primitives (runtime/js/streams.js), over zlib:
// the `native` members zlibNew and zlibPush (their contract is in runtime/js/README.md).
#pragma once

#include <v8.h>

#include "runtime/bootstrap.h"

namespace shoal {

// The compression natives, for runBootstrap to add to `native`.
kj::ArrayPtr<const NativeFunction> compressionNatives();

}  // namespace shoal
