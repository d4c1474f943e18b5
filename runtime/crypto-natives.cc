#include "runtime/crypto-natives.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>

#include <climits>
#include <memory>

#include <kj/array.h>
#include <kj/common.h>
#include <kj/debug.h>
#include <kj/string.h>

#include "runtime/bootstrap.h"

// These run on the isolate's thread, where the CPU watchdog cannot interrupt them, so each
// bounds its own work whatever the JS above it checked; a worker never reaches them
// directly, only through subtle.js.

namespace shoal {
namespace {

using Info = const v8::FunctionCallbackInfo<v8::Value>&;

const EVP_MD* digestNamed(kj::StringPtr name) {
  if (name == "SHA-1") return EVP_sha1();
  if (name == "SHA-256") return EVP_sha256();
  if (name == "SHA-384") return EVP_sha384();
  if (name == "SHA-512") return EVP_sha512();
  if (name == "MD5") return EVP_md5();
  return nullptr;
}

constexpr int PBKDF2_MAX_ITERATIONS = 100000;
constexpr int PBKDF2_MAX_WORK = 200000;  // iterations x output blocks: about 50 ms of CPU
constexpr size_t PBKDF2_MAX_SALT = 64 * 1024;

// Reads argument `index` as the bytes of an ArrayBuffer view. Anything else (and anything
// larger than OpenSSL's int sizes) throws a TypeError and returns false.
bool bytesArg(Info info, int index, kj::ArrayPtr<kj::byte>& bytes) {
  if (!info[index]->IsArrayBufferView()) {
    throwTypeError(info.GetIsolate(), "crypto: expected an ArrayBuffer view");
    return false;
  }
  bytes = bytesOf(info[index]);
  if (bytes.size() > INT_MAX) {
    throwTypeError(info.GetIsolate(), "crypto: the data is too large");
    return false;
  }
  return true;
}

// OpenSSL wants non-null pointers even for empty inputs.
const unsigned char* nonNull(kj::ArrayPtr<const kj::byte> bytes) {
  static const unsigned char EMPTY = 0;
  return bytes.size() > 0 ? bytes.begin() : &EMPTY;
}

void returnBytes(Info info, kj::ArrayPtr<const kj::byte> bytes) {
  v8::Local<v8::ArrayBuffer> buffer;
  if (newArrayBuffer(info.GetIsolate(), bytes.size(), bytes).ToLocal(&buffer)) {
    info.GetReturnValue().Set(buffer);
  }
}

void cryptoFailed(Info info, kj::StringPtr what) {
  throwTypeError(info.GetIsolate(), kj::str("crypto: ", what, " failed in OpenSSL"));
}

// digest(hashName, bytes) -> ArrayBuffer
void digest(Info info) {
  auto md = digestNamed(toKj(info.GetIsolate(), info[0]));
  kj::ArrayPtr<kj::byte> data;
  if (md == nullptr) return throwTypeError(info.GetIsolate(), "crypto: unknown digest");
  if (!bytesArg(info, 1, data)) return;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(nonNull(data), data.size(), out, &size, md, nullptr) != 1) {
    return cryptoFailed(info, "digest");
  }
  returnBytes(info, kj::arrayPtr(out, size));
}

// hmac(hashName, key, data) -> ArrayBuffer
void hmac(Info info) {
  auto md = digestNamed(toKj(info.GetIsolate(), info[0]));
  kj::ArrayPtr<kj::byte> key, data;
  if (md == nullptr) return throwTypeError(info.GetIsolate(), "crypto: unknown digest");
  if (!bytesArg(info, 1, key) || !bytesArg(info, 2, data)) return;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(md, nonNull(key), key.size(), nonNull(data), data.size(), out, &size) == nullptr) {
    return cryptoFailed(info, "HMAC");
  }
  returnBytes(info, kj::arrayPtr(out, size));
}

// pbkdf2(hashName, password, salt, iterations, bytes) -> ArrayBuffer
void pbkdf2(Info info) {
  auto isolate = info.GetIsolate();
  auto md = digestNamed(toKj(isolate, info[0]));
  kj::ArrayPtr<kj::byte> password, salt;
  if (md == nullptr) return throwTypeError(isolate, "crypto: unknown digest");
  if (!bytesArg(info, 1, password) || !bytesArg(info, 2, salt)) return;
  if (!info[3]->IsInt32() || !info[4]->IsInt32()) {
    return throwTypeError(isolate, "crypto: pbkdf2 iterations and size must be integers");
  }
  int iterations = info[3].As<v8::Int32>()->Value();
  int length = info[4].As<v8::Int32>()->Value();
  int blocks = length <= 0 ? 0 : (length + EVP_MD_get_size(md) - 1) / EVP_MD_get_size(md);
  if (iterations <= 0 || length <= 0 || iterations > PBKDF2_MAX_ITERATIONS ||
      int64_t{iterations} * blocks > PBKDF2_MAX_WORK || salt.size() > PBKDF2_MAX_SALT) {
    return throwTypeError(isolate, "crypto: pbkdf2 parameters out of bounds");
  }
  auto out = kj::heapArray<kj::byte>(length);
  if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(nonNull(password)), password.size(),
                        nonNull(salt), salt.size(), iterations, md, out.size(),
                        out.begin()) != 1) {
    return cryptoFailed(info, "PBKDF2");
  }
  returnBytes(info, out);
}

// hkdf(hashName, keyMaterial, salt, info, bytes) -> ArrayBuffer (RFC 5869, extract and
// expand); at most 255 hash lengths, as the RFC allows.
void hkdf(Info info) {
  auto isolate = info.GetIsolate();
  auto md = digestNamed(toKj(isolate, info[0]));
  kj::ArrayPtr<kj::byte> key, salt, label;
  if (md == nullptr) return throwTypeError(isolate, "crypto: unknown digest");
  if (!bytesArg(info, 1, key) || !bytesArg(info, 2, salt) || !bytesArg(info, 3, label)) return;
  if (!info[4]->IsInt32()) return throwTypeError(isolate, "crypto: hkdf size must be an integer");
  int length = info[4].As<v8::Int32>()->Value();
  if (length <= 0 || length > 255 * EVP_MD_get_size(md)) {
    return throwTypeError(isolate, "crypto: hkdf size out of bounds");
  }
  auto out = kj::heapArray<kj::byte>(length);
  size_t outSize = out.size();
  auto ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr);
  if (ctx == nullptr) return cryptoFailed(info, "HKDF");
  KJ_DEFER(EVP_PKEY_CTX_free(ctx));
  bool ok = EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_CTX_set_hkdf_md(ctx, md) == 1 &&
            EVP_PKEY_CTX_set1_hkdf_salt(ctx, nonNull(salt), salt.size()) == 1 &&
            EVP_PKEY_CTX_set1_hkdf_key(ctx, nonNull(key), key.size()) == 1 &&
            EVP_PKEY_CTX_add1_hkdf_info(ctx, nonNull(label), label.size()) == 1 &&
            EVP_PKEY_derive(ctx, out.begin(), &outSize) == 1 && outSize == out.size();
  if (!ok) return cryptoFailed(info, "HKDF");
  returnBytes(info, out);
}

const EVP_CIPHER* aesNamed(kj::StringPtr mode, size_t keyBytes) {
  if (mode == "AES-GCM") {
    if (keyBytes == 16) return EVP_aes_128_gcm();
    if (keyBytes == 24) return EVP_aes_192_gcm();
    if (keyBytes == 32) return EVP_aes_256_gcm();
  } else if (mode == "AES-CBC") {
    if (keyBytes == 16) return EVP_aes_128_cbc();
    if (keyBytes == 24) return EVP_aes_192_cbc();
    if (keyBytes == 32) return EVP_aes_256_cbc();
  } else if (mode == "AES-CTR") {
    if (keyBytes == 16) return EVP_aes_128_ctr();
    if (keyBytes == 24) return EVP_aes_192_ctr();
    if (keyBytes == 32) return EVP_aes_256_ctr();
  }
  return nullptr;
}

// aes(mode, encrypt, key, iv, data, additionalData, tagBytes) -> ArrayBuffer, or undefined
// if the operation fails (for decryption: a wrong key, tag or padding). `mode` is "AES-GCM"
// (the output of encryption ends with the tag), "AES-CBC" (PKCS #7 padding) or "AES-CTR"
// (`iv` is the counter block, incremented as one 128-bit big-endian number).
void aes(Info info) {
  auto isolate = info.GetIsolate();
  bool encrypt = info[1]->BooleanValue(isolate);
  kj::ArrayPtr<kj::byte> key, iv, data, aad;
  if (!bytesArg(info, 2, key) || !bytesArg(info, 3, iv) || !bytesArg(info, 4, data) ||
      !bytesArg(info, 5, aad)) {
    return;
  }
  auto cipher = aesNamed(toKj(isolate, info[0]), key.size());
  if (cipher == nullptr || iv.size() == 0 || !info[6]->IsUint32()) {
    return throwTypeError(isolate, "crypto: bad AES parameters");
  }
  bool gcm = EVP_CIPHER_get_mode(cipher) == EVP_CIPH_GCM_MODE;
  size_t tagBytes = gcm ? info[6].As<v8::Uint32>()->Value() : 0;
  if (tagBytes > 16) return throwTypeError(isolate, "crypto: bad AES-GCM tag size");
  auto tag = kj::ArrayPtr<kj::byte>();
  if (gcm && !encrypt) {
    if (data.size() < tagBytes) return;
    tag = data.slice(data.size() - tagBytes, data.size());
    data = data.slice(0, data.size() - tagBytes);
  }

  auto ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr) return;
  KJ_DEFER(EVP_CIPHER_CTX_free(ctx));
  // Room for the data, a block of padding and the tag.
  auto out = kj::heapArray<kj::byte>(data.size() + EVP_MAX_BLOCK_LENGTH + tagBytes);
  int written = 0;
  int n = 0;
  bool ok = EVP_CipherInit_ex(ctx, cipher, nullptr, nullptr, nullptr, encrypt) == 1 &&
            (gcm ? EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, iv.size(), nullptr) == 1
                 : iv.size() == static_cast<size_t>(EVP_CIPHER_get_iv_length(cipher))) &&
            EVP_CipherInit_ex(ctx, nullptr, nullptr, key.begin(), iv.begin(), encrypt) == 1;
  if (ok && aad.size() > 0) {
    ok = gcm && EVP_CipherUpdate(ctx, nullptr, &n, aad.begin(), aad.size()) == 1;
  }
  if (ok && tag.size() > 0) {
    ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, tag.size(), tag.begin()) == 1;
  }
  if (ok && data.size() > 0) {
    ok = EVP_CipherUpdate(ctx, out.begin(), &n, data.begin(), data.size()) == 1;
    written += n;
  }
  ok = ok && EVP_CipherFinal_ex(ctx, out.begin() + written, &n) == 1;
  written += n;
  if (ok && gcm && encrypt) {
    ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, tagBytes, out.begin() + written) == 1;
    written += tagBytes;
  }
  if (!ok) return;  // undefined: the caller rejects with an OperationError
  returnBytes(info, out.slice(0, written));
}

// Ed25519 keys are 32 raw bytes: the private key is the seed, the public key the point.
using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

// ed25519(operation, key, ...) where operation is
//   "public", seed               -> ArrayBuffer (the public key of a private key)
//   "sign", seed, data           -> ArrayBuffer (the 64-byte signature)
//   "verify", public, sig, data  -> bool
void ed25519(Info info) {
  auto isolate = info.GetIsolate();
  auto operation = toKj(isolate, info[0]);
  bool isPrivate = operation != "verify";
  kj::ArrayPtr<kj::byte> keyBytes;
  if (!bytesArg(info, 1, keyBytes)) return;
  if (keyBytes.size() != 32) return throwTypeError(isolate, "crypto: an Ed25519 key is 32 bytes");
  auto make = isPrivate ? EVP_PKEY_new_raw_private_key : EVP_PKEY_new_raw_public_key;
  PkeyPtr key(make(EVP_PKEY_ED25519, nullptr, keyBytes.begin(), keyBytes.size()), EVP_PKEY_free);
  if (key == nullptr) return cryptoFailed(info, "Ed25519 key");
  kj::byte out[64];
  size_t outSize = sizeof(out);
  if (operation == "public") {
    outSize = 32;
    if (EVP_PKEY_get_raw_public_key(key.get(), out, &outSize) != 1) {
      return cryptoFailed(info, "Ed25519 public key");
    }
    return returnBytes(info, kj::arrayPtr(out, outSize));
  }
  auto ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return cryptoFailed(info, "Ed25519");
  KJ_DEFER(EVP_MD_CTX_free(ctx));
  kj::ArrayPtr<kj::byte> signature, data;
  if (operation == "sign") {
    if (!bytesArg(info, 2, data)) return;
    if (EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx, out, &outSize, nonNull(data), data.size()) != 1) {
      return cryptoFailed(info, "Ed25519 signing");
    }
    return returnBytes(info, kj::arrayPtr(out, outSize));
  }
  if (!bytesArg(info, 2, signature) || !bytesArg(info, 3, data)) return;
  bool valid = signature.size() == 64 &&
               EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key.get()) == 1 &&
               EVP_DigestVerify(ctx, signature.begin(), 64, nonNull(data), data.size()) == 1;
  info.GetReturnValue().Set(valid);
}

// timingSafeEqual(a, b) -> bool, in time that depends only on the lengths.
void timingSafeEqual(Info info) {
  kj::ArrayPtr<kj::byte> a, b;
  if (!bytesArg(info, 0, a) || !bytesArg(info, 1, b)) return;
  info.GetReturnValue().Set(a.size() == b.size() &&
                            CRYPTO_memcmp(nonNull(a), nonNull(b), a.size()) == 0);
}

// copyBytes(bufferSource) -> a new Uint8Array with a copy of its bytes, or null if it is not
// an ArrayBuffer or a view. Made here so that worker code replacing Uint8Array or its
// prototype cannot see or keep the bytes of keys.
void copyBytes(Info info) {
  auto isolate = info.GetIsolate();
  kj::ArrayPtr<const kj::byte> bytes;
  if (info[0]->IsArrayBufferView()) {
    bytes = bytesOf(info[0]);
  } else if (info[0]->IsArrayBuffer()) {
    auto store = info[0].As<v8::ArrayBuffer>()->GetBackingStore();
    bytes = kj::arrayPtr(static_cast<const kj::byte*>(store->Data()), store->ByteLength());
    if (bytes.begin() == nullptr) bytes = nullptr;
  } else {
    info.GetReturnValue().SetNull();
    return;
  }
  v8::Local<v8::ArrayBuffer> buffer;
  if (newArrayBuffer(isolate, bytes.size(), bytes).ToLocal(&buffer)) {
    info.GetReturnValue().Set(v8::Uint8Array::New(buffer, 0, bytes.size()));
  }
}

}  // namespace

void loadCryptoConfiguration() {
  if (OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, nullptr) != 1) {
    KJ_LOG(WARNING, "OpenSSL's configuration did not load; going on without it");
  }
}

void addCryptoNatives(v8::Local<v8::Context> context, v8::Local<v8::Object> native) {
  auto isolate = context->GetIsolate();
  auto add = [&](const char* name, v8::FunctionCallback callback) {
    auto function = v8::Function::New(context, callback, v8::Local<v8::Value>(), 0,
                                      v8::ConstructorBehavior::kThrow)
                        .ToLocalChecked();
    native->Set(context, toV8(isolate, name), function).Check();
  };
  add("digest", digest);
  add("hmac", hmac);
  add("pbkdf2", pbkdf2);
  add("hkdf", hkdf);
  add("aes", aes);
  add("ed25519", ed25519);
  add("timingSafeEqual", timingSafeEqual);
  add("copyBytes", copyBytes);
}

}  // namespace shoal
