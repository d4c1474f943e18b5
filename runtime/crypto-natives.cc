#include "runtime/crypto-natives.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <climits>
#include <memory>

#include <kj/array.h>
#include <kj/common.h>
#include <kj/debug.h>
#include <kj/one-of.h>
#include <kj/string.h>
#include <kj/vector.h>

#include "runtime/bootstrap.h"
#include "runtime/watchdog.h"

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
  } else if (mode == "AES-KW") {
    if (keyBytes == 16) return EVP_aes_128_wrap();
    if (keyBytes == 24) return EVP_aes_192_wrap();
    if (keyBytes == 32) return EVP_aes_256_wrap();
  }
  return nullptr;
}

// aes(mode, encrypt, key, iv, data, additionalData, tagBytes) -> ArrayBuffer, or undefined
// if the operation fails (for decryption: a wrong key, tag or padding). `mode` is "AES-GCM"
// (the output of encryption ends with the tag), "AES-CBC" (PKCS #7 padding) or "AES-CTR"
// (`iv` is the counter block, incremented as one 128-bit big-endian number) or "AES-KW"
// (RFC 3394 key wrap with its default IV; `iv` is empty, the data a multiple of 8 bytes).
void aes(Info info) {
  auto isolate = info.GetIsolate();
  bool encrypt = info[1]->BooleanValue(isolate);
  kj::ArrayPtr<kj::byte> key, iv, data, aad;
  if (!bytesArg(info, 2, key) || !bytesArg(info, 3, iv) || !bytesArg(info, 4, data) ||
      !bytesArg(info, 5, aad)) {
    return;
  }
  auto cipher = aesNamed(toKj(isolate, info[0]), key.size());
  bool wrap = cipher != nullptr && EVP_CIPHER_get_mode(cipher) == EVP_CIPH_WRAP_MODE;
  if (cipher == nullptr || (iv.size() == 0) != wrap || !info[6]->IsUint32()) {
    return throwTypeError(isolate, "crypto: bad AES parameters");
  }
  if (wrap && (data.size() % 8 != 0 || data.size() < (encrypt ? 16 : 24))) return;
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
  if (wrap) EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  bool ok = EVP_CipherInit_ex(ctx, cipher, nullptr, nullptr, nullptr, encrypt) == 1 &&
            (gcm    ? EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, iv.size(), nullptr) == 1
             : wrap ? true
                    : iv.size() == static_cast<size_t>(EVP_CIPHER_get_iv_length(cipher))) &&
            EVP_CipherInit_ex(ctx, nullptr, nullptr, key.begin(), wrap ? nullptr : iv.begin(),
                              encrypt) == 1;
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

// -------------------------------------------------------------------------------------------
// Asymmetric keys (ECDSA, ECDH, X25519, RSA). subtle.js holds a key as a blob made here: its
// components, each as a two-byte big-endian length and the bytes:
//   EC      public [point (uncompressed)]   private [point, d]
//   X25519  public [x]                      private [x, d]
//   RSA     public [n, e]                   private [n, e, d] or [n, e, d, p, q, dp, dq, qi]
// Each operation rebuilds the OpenSSL key from them (EVP_PKEY_fromdata: tens of microseconds;
// OpenSSL 3.0's DER decoders take a millisecond, so DER is parsed only when a key is imported
// and made only when one is exported). Blobs never reach worker code; they are checked anyway.

template <typename T, void (*FREE)(T*)>
struct Freer {
  void operator()(T* p) const { FREE(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Freer<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Freer<EVP_MD_CTX, EVP_MD_CTX_free>>;
using Bignum = std::unique_ptr<BIGNUM, Freer<BIGNUM, BN_clear_free>>;
using BnCtx = std::unique_ptr<BN_CTX, Freer<BN_CTX, BN_CTX_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, Freer<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Freer<OSSL_PARAM, OSSL_PARAM_free>>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, Freer<ECDSA_SIG, ECDSA_SIG_free>>;

// RSA keys are generated with at most RSA_MAX_GENERATE_BITS: generation takes about a second
// at 4096 bits and grows with the fourth power. Keys used may have up to RSA_MAX_USE_BITS, where
// one private-key operation takes about 60 ms. Both bound work the CPU limit cannot interrupt.
// Imports read keys of up to RSA_MAX_PARSE_BITS, so that subtle.js can say what is wrong
// with a larger one (it keeps none over RSA_MAX_USE_BITS).
constexpr int RSA_MIN_GENERATE_BITS = 512;  // OpenSSL's own minimum
constexpr int RSA_MAX_GENERATE_BITS = 4096;
constexpr int RSA_MAX_USE_BITS = 8192;
constexpr int RSA_MAX_PARSE_BITS = 65536;
constexpr size_t RSA_MAX_EXPONENT_BYTES = 4;
constexpr size_t RSA_COMPONENTS = 8;  // n, e, d, p, q, dp, dq, qi
const char* const RSA_PARAMS[RSA_COMPONENTS] = {
    OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,         OSSL_PKEY_PARAM_RSA_D,
    OSSL_PKEY_PARAM_RSA_FACTOR1,   OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
    OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};

// A family of keys, as subtle.js names it: "P-256", "P-384", "P-521", "X25519" or "RSA".
struct KeyFamily {
  kj::StringPtr name;
  int pkeyType;       // EVP_PKEY_EC, EVP_PKEY_X25519 or EVP_PKEY_RSA
  const char* group;  // OpenSSL's name of the curve (EC only)
  size_t fieldBytes;  // the size of a coordinate and of a private scalar (EC, X25519)
};

const KeyFamily FAMILIES[] = {
    {"P-256", EVP_PKEY_EC, "prime256v1", 32},
    {"P-384", EVP_PKEY_EC, "secp384r1", 48},
    {"P-521", EVP_PKEY_EC, "secp521r1", 66},
    {"X25519", EVP_PKEY_X25519, nullptr, 32},
    {"RSA", EVP_PKEY_RSA, nullptr, 0},
};
const KeyFamily& RSA_FAMILY = FAMILIES[4];

const KeyFamily* familyArg(Info info, int index) {
  auto name = toKj(info.GetIsolate(), info[index]);
  for (auto& family: FAMILIES) {
    if (family.name == name) return &family;
  }
  throwTypeError(info.GetIsolate(), "crypto: unknown key family");
  return nullptr;
}

void returnFailure(Info info, kj::StringPtr reason) {
  info.GetReturnValue().Set(toV8(info.GetIsolate(), reason));
}

// Defines `array[index]` as `value`. Never Set(): a setter a worker put on Array.prototype
// would see the value, which may be a private key.
bool define(v8::Local<v8::Context> context, v8::Local<v8::Array> array, uint32_t index,
            v8::Local<v8::Value> value) {
  return array->CreateDataProperty(context, index, value).FromMaybe(false);
}

// Defines `array[index]` as an ArrayBuffer copy of `bytes`; false when the budget is spent.
bool defineBytes(v8::Local<v8::Context> context, v8::Local<v8::Array> array, uint32_t index,
                 kj::ArrayPtr<const kj::byte> bytes) {
  v8::Local<v8::ArrayBuffer> buffer;
  return newArrayBuffer(context->GetIsolate(), bytes.size(), bytes).ToLocal(&buffer) &&
         define(context, array, index, buffer);
}

// Wipes key material as it goes.
struct Secret {
  kj::Array<kj::byte> bytes;
  explicit Secret(kj::Array<kj::byte> bytes): bytes(kj::mv(bytes)) {}
  Secret(Secret&&) = default;
  ~Secret() {
    if (bytes != nullptr) OPENSSL_cleanse(bytes.begin(), bytes.size());
  }
};

using Parts = kj::Vector<kj::ArrayPtr<const kj::byte>>;

// The components of a blob; false if it is malformed.
bool splitBlob(kj::ArrayPtr<const kj::byte> blob, Parts& parts) {
  while (blob.size() > 0) {
    if (blob.size() < 2) return false;
    size_t size = (size_t(blob[0]) << 8) | blob[1];
    if (blob.size() < 2 + size) return false;
    parts.add(blob.slice(2, 2 + size));
    blob = blob.slice(2 + size, blob.size());
  }
  return true;
}

// A BIGNUM parameter of `key` as big-endian bytes, `width` long (0: as short as it can be);
// null if the key has no such parameter.
kj::Array<kj::byte> bignumParam(EVP_PKEY* key, const char* name, size_t width = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  Bignum value(raw);
  size_t size = width > 0 ? width : BN_num_bytes(value.get());
  auto bytes = kj::heapArray<kj::byte>(size);
  if (BN_bn2binpad(value.get(), bytes.begin(), size) < 0) return nullptr;
  return bytes;
}

// The blob of `key`, a key of `family`; null if a component is missing.
Secret blobOf(EVP_PKEY* key, const KeyFamily& family, bool isPrivate) {
  kj::Vector<Secret> parts;
  if (family.pkeyType == EVP_PKEY_EC) {
    auto n = family.fieldBytes;
    auto x = bignumParam(key, OSSL_PKEY_PARAM_EC_PUB_X, n);
    auto y = bignumParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, n);
    if (x == nullptr || y == nullptr) return Secret(nullptr);
    auto point = kj::heapArray<kj::byte>(1 + 2 * n);
    point[0] = 0x04;  // uncompressed, whatever form the key came in
    memcpy(point.begin() + 1, x.begin(), n);
    memcpy(point.begin() + 1 + n, y.begin(), n);
    parts.add(kj::mv(point));
    if (isPrivate) parts.add(bignumParam(key, OSSL_PKEY_PARAM_PRIV_KEY, n));
  } else if (family.pkeyType == EVP_PKEY_X25519) {
    auto x = kj::heapArray<kj::byte>(32);
    size_t size = x.size();
    if (EVP_PKEY_get_raw_public_key(key, x.begin(), &size) != 1 || size != 32) {
      return Secret(nullptr);
    }
    parts.add(kj::mv(x));
    if (isPrivate) {
      auto d = kj::heapArray<kj::byte>(32);
      size = d.size();
      if (EVP_PKEY_get_raw_private_key(key, d.begin(), &size) != 1 || size != 32) {
        return Secret(nullptr);
      }
      parts.add(kj::mv(d));
    }
  } else {
    for (size_t i = 0; i < (isPrivate ? RSA_COMPONENTS : 2); i++) {
      auto value = bignumParam(key, RSA_PARAMS[i]);
      if (value == nullptr && i == 3) break;  // a private key without its factors
      parts.add(kj::mv(value));
    }
  }
  size_t size = 0;
  for (auto& part: parts) {
    if (part.bytes == nullptr || part.bytes.size() > 0xffff) return Secret(nullptr);
    size += 2 + part.bytes.size();
  }
  auto blob = kj::heapArray<kj::byte>(size);
  size_t at = 0;
  for (auto& part: parts) {
    blob[at++] = part.bytes.size() >> 8;
    blob[at++] = part.bytes.size() & 0xff;
    memcpy(blob.begin() + at, part.bytes.begin(), part.bytes.size());
    at += part.bytes.size();
  }
  ERR_clear_error();
  return Secret(kj::mv(blob));
}

// A key made with EVP_PKEY_fromdata from `builder`'s parameters; null if they are not a key.
Pkey keyFromParams(const KeyFamily& family, OSSL_PARAM_BLD* builder, bool isPrivate) {
  Params params(OSSL_PARAM_BLD_to_param(builder));
  PkeyCtx ctx(EVP_PKEY_CTX_new_id(family.pkeyType, nullptr));
  EVP_PKEY* raw = nullptr;
  bool ok = params != nullptr && ctx != nullptr && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
            EVP_PKEY_fromdata(ctx.get(), &raw,
                              isPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                              params.get()) == 1;
  ERR_clear_error();
  return ok ? Pkey(raw) : nullptr;
}

// Whether an EC key is sound: its point on the curve and not the point at infinity (on these
// curves of prime order that is all a public key needs, and OpenSSL's full check would multiply
// by the order: a millisecond on P-384), and, for a private key, the point that of its scalar.
bool ecKeyIsSound(EVP_PKEY* key, bool isPrivate) {
  PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  bool ok = check != nullptr && EVP_PKEY_public_check_quick(check.get()) == 1 &&
            (!isPrivate || EVP_PKEY_pairwise_check(check.get()) == 1);
  ERR_clear_error();
  return ok;
}

// An EC key from its point (any SEC 1 form) and, for a private key, its scalar.
Pkey ecKey(const KeyFamily& family, kj::ArrayPtr<const kj::byte> point,
           kj::Maybe<kj::ArrayPtr<const kj::byte>> scalar) {
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  Bignum d;
  KJ_IF_MAYBE(bytes, scalar) {
    d.reset(BN_bin2bn(nonNull(*bytes), bytes->size(), nullptr));
    if (d == nullptr) return nullptr;
  }
  if (builder == nullptr || point.size() == 0 ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, family.group,
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.begin(),
                                       point.size()) != 1 ||
      (d != nullptr &&
       OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1)) {
    return nullptr;
  }
  return keyFromParams(family, builder.get(), d != nullptr);
}

// An RSA key from its components (null where absent: d for a public key, or all the factors).
Pkey rsaKey(kj::ArrayPtr<const kj::Maybe<kj::ArrayPtr<const kj::byte>>> parts) {
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr) return nullptr;
  Bignum values[RSA_COMPONENTS];
  for (size_t i = 0; i < parts.size() && i < RSA_COMPONENTS; i++) {
    KJ_IF_MAYBE(bytes, parts[i]) {
      values[i].reset(BN_bin2bn(nonNull(*bytes), bytes->size(), nullptr));
      if (values[i] == nullptr ||
          OSSL_PARAM_BLD_push_BN(builder.get(), RSA_PARAMS[i], values[i].get()) != 1) {
        return nullptr;
      }
    }
  }
  return keyFromParams(RSA_FAMILY, builder.get(), values[2] != nullptr);
}

// The key a blob holds; null if it is not a blob of `family` or (RSA) its modulus is larger
// than RSA_MAX_USE_BITS.
Pkey keyFromBlob(const KeyFamily& family, kj::ArrayPtr<const kj::byte> blob, bool isPrivate) {
  Parts parts;
  if (!splitBlob(blob, parts)) return nullptr;
  if (family.pkeyType == EVP_PKEY_RSA) {
    if (parts.size() != (isPrivate ? 3 : 2) && !(isPrivate && parts.size() == RSA_COMPONENTS)) {
      return nullptr;
    }
    if (parts[0].size() > RSA_MAX_USE_BITS / 8) return nullptr;
    kj::Maybe<kj::ArrayPtr<const kj::byte>> values[RSA_COMPONENTS];
    for (size_t i = 0; i < parts.size(); i++) values[i] = parts[i];
    return rsaKey(values);
  }
  if (parts.size() != (isPrivate ? 2 : 1) || parts[0].size() == 0) return nullptr;
  if (family.pkeyType == EVP_PKEY_EC) {
    return ecKey(family, parts[0], isPrivate ? kj::Maybe<kj::ArrayPtr<const kj::byte>>(parts[1])
                                             : nullptr);
  }
  auto bytes = parts[isPrivate ? 1 : 0];
  if (bytes.size() != 32) return nullptr;
  auto key = isPrivate ? EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, bytes.begin(), 32)
                       : EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, bytes.begin(), 32);
  ERR_clear_error();
  return Pkey(key);
}

// Reads argument `index` as a blob of `family`. Throws a TypeError (and sets `thrown`) if it is
// not a view; returns null if it is not such a blob, which only a bug in subtle.js makes: the
// caller reports a failed operation.
Pkey keyArg(Info info, int index, const KeyFamily& family, bool isPrivate, bool& thrown) {
  kj::ArrayPtr<kj::byte> blob;
  thrown = !bytesArg(info, index, blob);
  return thrown ? nullptr : keyFromBlob(family, blob, isPrivate);
}

// Whether `key` belongs to `family`: its type, its named curve (not explicit parameters), and
// for RSA a modulus of at most RSA_MAX_PARSE_BITS.
bool isOfFamily(EVP_PKEY* key, const KeyFamily& family) {
  if (EVP_PKEY_get_base_id(key) != family.pkeyType) return false;
  if (family.pkeyType == EVP_PKEY_RSA) return EVP_PKEY_get_bits(key) <= RSA_MAX_PARSE_BITS;
  if (family.pkeyType != EVP_PKEY_EC) return true;
  char text[64];
  size_t size = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_EC_ENCODING, text, sizeof(text),
                                     &size) == 1 &&
      kj::StringPtr(text) != OSSL_PKEY_EC_ENCODING_GROUP) {
    return false;
  }
  bool named = EVP_PKEY_get_group_name(key, text, sizeof(text), &size) == 1 &&
               kj::StringPtr(text) == family.group;
  ERR_clear_error();
  return named;
}

// Parses a DER PKCS #8 private key or SPKI public key of `family`; null if `der` is not one
// (or has bytes after it).
Pkey parseDer(const KeyFamily& family, kj::ArrayPtr<const kj::byte> der, bool isPrivate) {
  const unsigned char* at = der.begin();
  Pkey key;
  if (isPrivate) {
    auto p8 = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &at, der.size());
    if (p8 != nullptr) {
      key.reset(EVP_PKCS82PKEY(p8));
      PKCS8_PRIV_KEY_INFO_free(p8);
    }
  } else {
    key.reset(d2i_PUBKEY(nullptr, &at, der.size()));
  }
  ERR_clear_error();
  if (key == nullptr || at != der.end() || !isOfFamily(key.get(), family)) return nullptr;
  return key;
}

// The DER encoding of `key` (PKCS #8 or SPKI); null if it cannot be encoded.
Secret derOf(EVP_PKEY* key, bool isPrivate) {
  unsigned char* der = nullptr;
  int size = -1;
  if (isPrivate) {
    auto p8 = EVP_PKEY2PKCS8(key);
    if (p8 != nullptr) {
      size = i2d_PKCS8_PRIV_KEY_INFO(p8, &der);
      PKCS8_PRIV_KEY_INFO_free(p8);
    }
  } else {
    size = i2d_PUBKEY(key, &der);
  }
  ERR_clear_error();
  if (size <= 0) return Secret(nullptr);
  auto copy = kj::heapArray<kj::byte>(der, size);
  OPENSSL_clear_free(der, size);
  return Secret(kj::mv(copy));
}

// Returns `[blob, ...details]` for a key subtle.js keeps: for RSA the details are the modulus
// length in bits and the public exponent (big-endian bytes).
void returnKey(Info info, EVP_PKEY* key, const KeyFamily& family, bool isPrivate) {
  auto isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  auto blob = blobOf(key, family, isPrivate);
  if (blob.bytes == nullptr) return cryptoFailed(info, "key encoding");
  auto result = v8::Array::New(isolate);
  if (!defineBytes(context, result, 0, blob.bytes)) return;
  if (family.pkeyType == EVP_PKEY_RSA) {
    auto exponent = bignumParam(key, OSSL_PKEY_PARAM_RSA_E);
    if (exponent == nullptr) return cryptoFailed(info, "key encoding");
    if (!define(context, result, 1, v8::Integer::New(isolate, EVP_PKEY_get_bits(key))) ||
        !defineBytes(context, result, 2, exponent)) {
      return;
    }
  }
  info.GetReturnValue().Set(result);
}

// Stops RSA key generation once the event is out of CPU time: the watchdog cannot interrupt
// native code, so without this a 4096-bit generation would run on for a second past the limit.
int stopWhenOutOfTime(EVP_PKEY_CTX*) { return Watchdog::Scope::firedOnThisThread() ? 0 : 1; }

// pkeyGenerate(family, modulusBits, publicExponent) -> [private blob, public blob], or
// undefined if RSA generation was stopped by the CPU limit. The last two arguments are for
// RSA only: RSA_MIN_GENERATE_BITS to RSA_MAX_GENERATE_BITS and an exponent of at most 32 bits.
void pkeyGenerate(Info info) {
  auto isolate = info.GetIsolate();
  auto family = familyArg(info, 0);
  if (family == nullptr) return;
  PkeyCtx ctx(family->pkeyType == EVP_PKEY_EC
                  ? EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr)
                  : EVP_PKEY_CTX_new_id(family->pkeyType, nullptr));
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1) return cryptoFailed(info, "keygen");
  if (family->pkeyType == EVP_PKEY_EC &&
      EVP_PKEY_CTX_set_group_name(ctx.get(), family->group) != 1) {
    return cryptoFailed(info, "keygen");
  }
  if (family->pkeyType == EVP_PKEY_RSA) {
    kj::ArrayPtr<kj::byte> exponentBytes;
    if (!info[1]->IsInt32() || !bytesArg(info, 2, exponentBytes)) {
      return throwTypeError(isolate, "crypto: RSA needs a modulus length and an exponent");
    }
    int bits = info[1].As<v8::Int32>()->Value();
    Bignum exponent(BN_bin2bn(nonNull(exponentBytes), exponentBytes.size(), nullptr));
    if (bits < RSA_MIN_GENERATE_BITS || bits > RSA_MAX_GENERATE_BITS ||
        exponentBytes.size() > RSA_MAX_EXPONENT_BYTES || exponent == nullptr ||
        !BN_is_odd(exponent.get()) || BN_is_one(exponent.get())) {
      return throwTypeError(isolate, "crypto: RSA key parameters out of bounds");
    }
    if (EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1 ||
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), exponent.get()) != 1) {
      return cryptoFailed(info, "keygen");
    }
    EVP_PKEY_CTX_set_cb(ctx.get(), stopWhenOutOfTime);
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    ERR_clear_error();
    if (Watchdog::Scope::firedOnThisThread()) return;  // undefined: termination is pending
    return cryptoFailed(info, "keygen");
  }
  Pkey key(raw);
  auto privateBlob = blobOf(key.get(), *family, true);
  auto publicBlob = blobOf(key.get(), *family, false);
  if (privateBlob.bytes == nullptr || publicBlob.bytes == nullptr) {
    return cryptoFailed(info, "keygen");
  }
  auto context = isolate->GetCurrentContext();
  auto pair = v8::Array::New(isolate);
  if (defineBytes(context, pair, 0, privateBlob.bytes) &&
      defineBytes(context, pair, 1, publicBlob.bytes)) {
    info.GetReturnValue().Set(pair);
  }
}

// Element `index` of a JS array as bytes, if it is a view (a JWK member subtle.js decoded).
kj::Maybe<kj::ArrayPtr<const kj::byte>> member(v8::Local<v8::Context> context,
                                               v8::Local<v8::Array> members, uint32_t index) {
  v8::Local<v8::Value> value;
  if (!members->Get(context, index).ToLocal(&value) || !value->IsArrayBufferView()) {
    return nullptr;
  }
  return kj::ArrayPtr<const kj::byte>(bytesOf(value));
}

// A key from the members of a JWK, decoded: [x, y, d] (EC), [x, d] (X25519) or
// [n, e, d, p, q, dp, dq, qi] (RSA), with undefined for a member that is absent. A private key
// has d (and `isPrivate` is set); its public part must match it. Returns a reason instead when
// it is not a valid key.
kj::OneOf<Pkey, kj::StringPtr> keyFromJwk(v8::Local<v8::Context> context,
                                          const KeyFamily& family, v8::Local<v8::Array> members,
                                          bool& isPrivate) {
  auto at = [&](uint32_t index) { return member(context, members, index); };
  isPrivate = at(family.pkeyType == EVP_PKEY_X25519 ? 1 : 2) != nullptr;
  if (family.pkeyType == EVP_PKEY_EC) {
    auto n = family.fieldBytes;
    auto x = at(0), y = at(1), d = at(2);
    KJ_IF_MAYBE(xBytes, x) {
      KJ_IF_MAYBE(yBytes, y) {
        if (xBytes->size() != n || yBytes->size() != n) {
          return "the JWK's x and y are not the size of the curve's coordinates"_kj;
        }
        KJ_IF_MAYBE(dBytes, d) {
          if (dBytes->size() != n) return "the JWK's d is not the size of the curve's order"_kj;
        }
        auto point = kj::heapArray<kj::byte>(1 + 2 * n);
        point[0] = 0x04;
        memcpy(point.begin() + 1, xBytes->begin(), n);
        memcpy(point.begin() + 1 + n, yBytes->begin(), n);
        auto key = ecKey(family, point, d);
        if (key == nullptr || !ecKeyIsSound(key.get(), isPrivate)) {
          return "the JWK is not a valid key on its curve"_kj;
        }
        return kj::mv(key);
      }
    }
    return "the JWK needs both x and y"_kj;
  }
  if (family.pkeyType == EVP_PKEY_X25519) {
    auto x = at(0), d = at(1);
    Pkey key;
    KJ_IF_MAYBE(xBytes, x) {
      if (xBytes->size() != 32) return "the JWK's x is not 32 bytes long"_kj;
      KJ_IF_MAYBE(dBytes, d) {
        if (dBytes->size() != 32) return "the JWK's d is not 32 bytes long"_kj;
        key.reset(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, dBytes->begin(), 32));
        kj::byte publicKey[32];
        size_t size = sizeof(publicKey);
        if (key == nullptr || EVP_PKEY_get_raw_public_key(key.get(), publicKey, &size) != 1 ||
            CRYPTO_memcmp(publicKey, xBytes->begin(), 32) != 0) {
          ERR_clear_error();
          return "the JWK's x is not the public key of its d"_kj;
        }
      } else {
        key.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, xBytes->begin(), 32));
      }
      ERR_clear_error();
      if (key == nullptr) return "the JWK is not an X25519 key"_kj;
      return kj::mv(key);
    }
    return "the JWK needs an x"_kj;
  }
  kj::Maybe<kj::ArrayPtr<const kj::byte>> parts[RSA_COMPONENTS];
  int factors = 0;
  for (uint32_t i = 0; i < RSA_COMPONENTS; i++) {
    parts[i] = at(i);
    KJ_IF_MAYBE(bytes, parts[i]) {
      if (bytes->size() > RSA_MAX_PARSE_BITS / 8 + 1) return "the JWK's RSA key is too large"_kj;
      factors += i >= 3;
    }
  }
  if (parts[0] == nullptr || parts[1] == nullptr) return "the JWK needs an n and an e"_kj;
  if (factors != 0 && (factors != 5 || !isPrivate)) {
    return "the JWK has some but not all of d, p, q, dp, dq and qi"_kj;
  }
  auto key = rsaKey(parts);
  if (key == nullptr || !isOfFamily(key.get(), family)) {
    return "the JWK is not an RSA key shoal can use"_kj;
  }
  if (factors == 5) {
    // A cheap consistency check: n = p q.
    BIGNUM *n = nullptr, *p = nullptr, *q = nullptr;
    Bignum product(BN_new());
    BnCtx bnCtx(BN_CTX_new());
    bool same = EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &n) == 1 &&
                EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, &p) == 1 &&
                EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, &q) == 1 &&
                product != nullptr && bnCtx != nullptr &&
                BN_mul(product.get(), p, q, bnCtx.get()) == 1 && BN_cmp(product.get(), n) == 0;
    BN_free(n);
    BN_clear_free(p);
    BN_clear_free(q);
    ERR_clear_error();
    if (!same) return "the JWK's p and q are not the factors of its n"_kj;
  }
  return kj::mv(key);
}

// pkeyImport(family, format, data) -> [blob, ...details] (see returnKey), or a string saying
// why `data` is not a key of `family`. Formats: "spki" and "pkcs8" (DER), "raw" (an EC point in
// any SEC 1 form, or the 32 bytes of an X25519 public key), "jwk" (the array of keyFromJwk).
void pkeyImport(Info info) {
  auto isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  auto family = familyArg(info, 0);
  if (family == nullptr) return;
  auto format = toKj(isolate, info[1]);
  Pkey key;
  bool isPrivate = format == "pkcs8";
  if (format == "jwk") {
    if (!info[2]->IsArray()) return throwTypeError(isolate, "crypto: expected JWK members");
    KJ_SWITCH_ONEOF(keyFromJwk(context, *family, info[2].As<v8::Array>(), isPrivate)) {
      KJ_CASE_ONEOF(reason, kj::StringPtr) { return returnFailure(info, reason); }
      KJ_CASE_ONEOF(made, Pkey) { key = kj::mv(made); }
    }
  } else {
    kj::ArrayPtr<kj::byte> bytes;
    if (!bytesArg(info, 2, bytes)) return;
    if (format == "raw") {
      if (family->pkeyType == EVP_PKEY_EC) {
        key = ecKey(*family, bytes, nullptr);
      } else if (family->pkeyType == EVP_PKEY_X25519 && bytes.size() == 32) {
        key.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, bytes.begin(), 32));
      }
    } else if (format == "spki" || format == "pkcs8") {
      key = parseDer(*family, bytes, isPrivate);
    } else {
      return throwTypeError(isolate, "crypto: unknown key format");
    }
    if (key != nullptr && family->pkeyType == EVP_PKEY_EC &&
        !ecKeyIsSound(key.get(), isPrivate)) {
      key = nullptr;
    }
    ERR_clear_error();
    if (key == nullptr) {
      return returnFailure(info, kj::str("not a ", family->name, " ",
                                         isPrivate ? "private" : "public", " key in the '",
                                         format, "' format"));
    }
  }
  returnKey(info, key.get(), *family, isPrivate);
}

// pkeyExport(family, blob, isPrivate, format) -> for "spki" and "pkcs8", the DER encoding (an
// ArrayBuffer); for "raw", the public key's bytes (an EC point, uncompressed, or X25519's 32
// bytes); for "jwk", the JWK's members as ArrayBuffers: [x, y, d] (EC), [x, d] (X25519) or
// [n, e, d, p, q, dp, dq, qi] (RSA), without the private ones for a public key (and without
// the factors for an RSA key imported without them). Undefined if the key cannot be encoded so.
void pkeyExport(Info info) {
  auto isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  auto family = familyArg(info, 0);
  if (family == nullptr) return;
  kj::ArrayPtr<kj::byte> blob;
  if (!bytesArg(info, 1, blob)) return;
  bool isPrivate = info[2]->BooleanValue(isolate);
  auto format = toKj(isolate, info[3]);
  if (format == "spki" || format == "pkcs8") {
    auto key = keyFromBlob(*family, blob, isPrivate);
    if (key == nullptr || isPrivate != (format == "pkcs8")) return;
    auto der = derOf(key.get(), isPrivate);
    if (der.bytes != nullptr) returnBytes(info, der.bytes);
    return;
  }
  Parts parts;
  if (!splitBlob(blob, parts) || parts.size() == 0) return;
  if (format == "raw") {
    if (!isPrivate && family->pkeyType != EVP_PKEY_RSA) returnBytes(info, parts[0]);
    return;
  }
  if (format != "jwk") return;
  Parts members;
  if (family->pkeyType == EVP_PKEY_EC) {
    auto n = family->fieldBytes;
    if (parts[0].size() != 1 + 2 * n) return;
    members.add(parts[0].slice(1, 1 + n));
    members.add(parts[0].slice(1 + n, 1 + 2 * n));
    for (size_t i = 1; i < parts.size(); i++) members.add(parts[i]);
  } else {
    members = kj::mv(parts);
  }
  auto result = v8::Array::New(isolate);
  for (uint32_t i = 0; i < members.size(); i++) {
    if (!defineBytes(context, result, i, members[i])) return;
  }
  info.GetReturnValue().Set(result);
}

// Sets up a signature or verification context for `kind` ("ECDSA", "RSASSA-PKCS1-v1_5" or
// "RSA-PSS", with `saltLength`) over `key`.
bool signatureInit(EVP_MD_CTX* ctx, kj::StringPtr kind, const EVP_MD* md, EVP_PKEY* key,
                   bool sign, uint32_t saltLength) {
  EVP_PKEY_CTX* pctx = nullptr;
  if ((sign ? EVP_DigestSignInit(ctx, &pctx, md, nullptr, key)
            : EVP_DigestVerifyInit(ctx, &pctx, md, nullptr, key)) != 1) {
    return false;
  }
  if (kind == "RSA-PSS") {
    return saltLength <= INT_MAX &&
           EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) == 1 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, static_cast<int>(saltLength)) == 1;
  }
  if (kind == "RSASSA-PKCS1-v1_5") {
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
  }
  return kind == "ECDSA";
}

// pkeySign(kind, family, hashName, privateBlob, data, saltLength) -> ArrayBuffer (for ECDSA the
// IEEE P1363 form WebCrypto uses, r then s, each the size of the curve's order), or undefined
// when the key cannot sign so (an RSA key too small for the hash and salt).
void pkeySign(Info info) {
  auto isolate = info.GetIsolate();
  auto kind = toKj(isolate, info[0]);
  auto family = familyArg(info, 1);
  if (family == nullptr) return;
  auto md = digestNamed(toKj(isolate, info[2]));
  if (md == nullptr || !info[5]->IsUint32()) {
    return throwTypeError(isolate, "crypto: bad signature parameters");
  }
  bool thrown = false;
  auto key = keyArg(info, 3, *family, true, thrown);
  kj::ArrayPtr<kj::byte> data;
  if (thrown || !bytesArg(info, 4, data) || key == nullptr) return;
  MdCtx ctx(EVP_MD_CTX_new());
  size_t size = 0;
  bool ok =
      ctx != nullptr &&
      signatureInit(ctx.get(), kind, md, key.get(), true, info[5].As<v8::Uint32>()->Value()) &&
      EVP_DigestSign(ctx.get(), nullptr, &size, nonNull(data), data.size()) == 1;
  auto signature = kj::heapArray<kj::byte>(ok ? size : 0);
  ok = ok && EVP_DigestSign(ctx.get(), signature.begin(), &size, nonNull(data), data.size()) == 1;
  ERR_clear_error();
  if (!ok) return;
  if (kind != "ECDSA") return returnBytes(info, signature.slice(0, size));
  // OpenSSL's ECDSA signature is DER; WebCrypto's is r || s at a fixed width.
  const unsigned char* at = signature.begin();
  EcdsaSig sig(d2i_ECDSA_SIG(nullptr, &at, size));
  auto n = family->fieldBytes;
  auto out = kj::heapArray<kj::byte>(2 * n);
  if (sig == nullptr || BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out.begin(), n) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out.begin() + n, n) < 0) {
    return cryptoFailed(info, "ECDSA signing");
  }
  returnBytes(info, out);
}

// pkeyVerify(kind, family, hashName, publicBlob, signature, data, saltLength) -> bool. An ECDSA
// signature is r || s; one of another length is false.
void pkeyVerify(Info info) {
  auto isolate = info.GetIsolate();
  auto kind = toKj(isolate, info[0]);
  auto family = familyArg(info, 1);
  if (family == nullptr) return;
  auto md = digestNamed(toKj(isolate, info[2]));
  if (md == nullptr || !info[6]->IsUint32()) {
    return throwTypeError(isolate, "crypto: bad signature parameters");
  }
  bool thrown = false;
  auto key = keyArg(info, 3, *family, false, thrown);
  kj::ArrayPtr<kj::byte> signature, data;
  if (thrown || !bytesArg(info, 4, signature) || !bytesArg(info, 5, data)) return;
  info.GetReturnValue().Set(false);
  if (key == nullptr) return;
  kj::Array<kj::byte> der;
  if (kind == "ECDSA") {
    auto n = family->fieldBytes;
    if (signature.size() != 2 * n) return;
    EcdsaSig sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(signature.begin(), n, nullptr);
    BIGNUM* s = BN_bin2bn(signature.begin() + n, n, nullptr);
    if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
      BN_free(r);
      BN_free(s);
      return;
    }
    unsigned char* encoded = nullptr;
    int size = i2d_ECDSA_SIG(sig.get(), &encoded);
    if (size <= 0) return;
    der = kj::heapArray<kj::byte>(encoded, size);
    OPENSSL_free(encoded);
    signature = der;
  }
  MdCtx ctx(EVP_MD_CTX_new());
  bool valid =
      ctx != nullptr &&
      signatureInit(ctx.get(), kind, md, key.get(), false, info[6].As<v8::Uint32>()->Value()) &&
      EVP_DigestVerify(ctx.get(), nonNull(signature), signature.size(), nonNull(data),
                       data.size()) == 1;
  ERR_clear_error();
  info.GetReturnValue().Set(valid);
}

// pkeyDerive(family, privateBlob, publicBlob) -> ArrayBuffer, the ECDH or X25519 shared secret
// (for EC the x coordinate of the shared point), or undefined if there is none (an X25519
// public key of small order).
void pkeyDerive(Info info) {
  auto family = familyArg(info, 0);
  if (family == nullptr) return;
  bool thrown = false;
  auto key = keyArg(info, 1, *family, true, thrown);
  if (thrown) return;
  auto peer = keyArg(info, 2, *family, false, thrown);
  if (thrown || key == nullptr || peer == nullptr) return;
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  size_t size = 0;
  // The peer was checked when it was imported (ecKeyIsSound): no need to check it again.
  bool ok = ctx != nullptr && EVP_PKEY_derive_init(ctx.get()) == 1 &&
            EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) == 1 &&
            EVP_PKEY_derive(ctx.get(), nullptr, &size) == 1;
  Secret secret(kj::heapArray<kj::byte>(ok ? size : 0));
  ok = ok && EVP_PKEY_derive(ctx.get(), secret.bytes.begin(), &size) == 1;
  ERR_clear_error();
  if (ok) returnBytes(info, secret.bytes.slice(0, size));
}

// rsaOaep(encrypt, hashName, blob, data, label) -> ArrayBuffer, or undefined if the operation
// fails (data too long to encrypt; a ciphertext that does not decrypt under this key and
// label). `blob` is the public key to encrypt with, the private key to decrypt with.
void rsaOaep(Info info) {
  auto isolate = info.GetIsolate();
  bool encrypt = info[0]->BooleanValue(isolate);
  auto md = digestNamed(toKj(isolate, info[1]));
  if (md == nullptr) return throwTypeError(isolate, "crypto: unknown digest");
  bool thrown = false;
  auto key = keyArg(info, 2, RSA_FAMILY, !encrypt, thrown);
  kj::ArrayPtr<kj::byte> data, label;
  if (thrown || !bytesArg(info, 3, data) || !bytesArg(info, 4, label) || key == nullptr) return;
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  bool ok = ctx != nullptr &&
            (encrypt ? EVP_PKEY_encrypt_init(ctx.get()) : EVP_PKEY_decrypt_init(ctx.get())) == 1 &&
            EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) == 1 &&
            EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), md) == 1 &&
            EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md) == 1;
  if (ok && label.size() > 0) {
    // The context takes over a copy made with OpenSSL's allocator.
    auto copy = static_cast<unsigned char*>(OPENSSL_memdup(label.begin(), label.size()));
    ok = copy != nullptr && EVP_PKEY_CTX_set0_rsa_oaep_label(ctx.get(), copy, label.size()) == 1;
    if (!ok) OPENSSL_free(copy);
  }
  size_t size = 0;
  auto run = [&](unsigned char* out) {
    return encrypt ? EVP_PKEY_encrypt(ctx.get(), out, &size, nonNull(data), data.size())
                   : EVP_PKEY_decrypt(ctx.get(), out, &size, nonNull(data), data.size());
  };
  ok = ok && run(nullptr) == 1;
  Secret out(kj::heapArray<kj::byte>(ok ? size : 0));
  ok = ok && run(out.bytes.begin()) == 1;
  ERR_clear_error();
  if (ok) returnBytes(info, out.bytes.slice(0, size));
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

kj::ArrayPtr<const NativeFunction> cryptoNatives() {
  static const NativeFunction NATIVES[] = {
      {"digest", digest},
      {"hmac", hmac},
      {"pbkdf2", pbkdf2},
      {"hkdf", hkdf},
      {"aes", aes},
      {"ed25519", ed25519},
      {"pkeyGenerate", pkeyGenerate},
      {"pkeyImport", pkeyImport},
      {"pkeyExport", pkeyExport},
      {"pkeySign", pkeySign},
      {"pkeyVerify", pkeyVerify},
      {"pkeyDerive", pkeyDerive},
      {"rsaOaep", rsaOaep},
      {"timingSafeEqual", timingSafeEqual},
      {"copyBytes", copyBytes},
  };
  return NATIVES;
}

}  // namespace shoal
