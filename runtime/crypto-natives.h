// crypto.subtle's primitives (runtime/js/subtle.js), over OpenSSL's libcrypto: the
// `native` members digest, hmac, pbkdf2, hkdf, aes, ed25519, pkeyGenerate, pkeyImport,
// pkeyExport, pkeySign, pkeyVerify, pkeyDerive, rsaOaep, timingSafeEqual and copyBytes
// (their contract is in runtime/js/README.md). They run on the isolate's thread, where the
// CPU watchdog cannot interrupt them, so each bounds its own work; RSA key generation also
// polls the watchdog (Watchdog::Scope::firedOnThisThread) and stops once the event's time
// is spent.
#pragma once

#include <v8.h>

#include "runtime/bootstrap.h"

namespace shoal {

// The crypto natives, for runBootstrap to add to `native`.
kj::ArrayPtr<const NativeFunction> cryptoNatives();

// Reads OpenSSL's configuration file now. OpenSSL otherwise reads it at the first crypto
// call, which in a host comes after lock-down (sandbox.h), when the file cannot be opened
// and OpenSSL would go on without it. Logs, and goes on, if the configuration is broken.
void loadCryptoConfiguration();

}  // namespace shoal
