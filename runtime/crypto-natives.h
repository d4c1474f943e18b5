// crypto.subtle's primitives (runtime/js/subtle.js), over OpenSSL's libcrypto: the
// `native` members digest, hmac, pbkdf2, hkdf, aes, ed25519, timingSafeEqual and copyBytes
// (their contract is in runtime/js/README.md).
#pragma once

#include <v8.h>

namespace shoal {

// Adds the crypto natives to `native`, in `context` (which must be entered).
void addCryptoNatives(v8::Local<v8::Context> context, v8::Local<v8::Object> native);

}  // namespace shoal
