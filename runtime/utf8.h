// UTF-8 validation, shared by the Web API (TextDecoder's fatal mode) and uploads.
#pragma once

#include <kj/common.h>

namespace shoal {

// Whether `bytes` is well-formed UTF-8: no overlong forms, no surrogates, nothing past
// U+10FFFF, no truncated sequence.
bool isValidUtf8(kj::ArrayPtr<const kj::byte> bytes);

}  // namespace shoal
