// crypto.subtle: digest (SHA-1/256/384/512, MD5); HMAC and Ed25519 keys (sign, verify);
// AES-GCM, AES-CBC and AES-CTR keys (encrypt, decrypt, wrapKey, unwrapKey); PBKDF2 and HKDF
// (deriveBits, deriveKey to HMAC or AES). Keys are generated, or imported and exported as
// raw bytes or JWK (and SPKI and PKCS #8 for Ed25519). Anything else rejects with
// NotSupportedError, so a worker can tell what is missing from what it got wrong. The
// cryptography itself runs natively (OpenSSL, runtime/crypto-natives.cc).

const {
  DOMException, setToStringTag, defineGlobal, btoa, stringFromCodes, utf8Encode, requireArgs,
} = internal;

// Intrinsics captured before worker code runs: a worker that replaces Uint8Array, the
// typed-array getters or Array methods must not see, keep or widen its keys' secrets.
const U8 = Uint8Array;
const jsonParse = JSON.parse;
const jsonStringify = JSON.stringify;
const freeze = Object.freeze;
const { apply } = Reflect;
const typedArrayProto = Object.getPrototypeOf(U8.prototype);
const byteLengthGetter = Object.getOwnPropertyDescriptor(typedArrayProto, "byteLength").get;
const bufferGetter = Object.getOwnPropertyDescriptor(typedArrayProto, "buffer").get;
const byteLength = (view) => apply(byteLengthGetter, view, []);
const { subarray, set: setBytes } = typedArrayProto;
const charCodeAt = String.prototype.charCodeAt;
const { isView } = ArrayBuffer;
const arrayBufferByteLength =
    Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
const { ownKeys } = Reflect;
const { hasOwn, getOwnPropertyDescriptor, create: createObject } = Object;
// A copy of a Uint8Array's bytes in a new ArrayBuffer.
const bufferCopy = (view) => apply(bufferGetter, native.copyBytes(view), []);
const has = (list, item) => {
  for (let i = 0; i < list.length; i++) if (list[i] === item) return true;
  return false;
};

const HASHES = new Map([
  // MD5 for digest only, as Workers has it; never for keys.
  ["md5", { name: "MD5", blockBits: 512, bytes: 16 }],
  ["sha-1", { name: "SHA-1", blockBits: 512, bytes: 20 }],
  ["sha-256", { name: "SHA-256", blockBits: 512, bytes: 32 }],
  ["sha-384", { name: "SHA-384", blockBits: 1024, bytes: 48 }],
  ["sha-512", { name: "SHA-512", blockBits: 1024, bytes: 64 }],
]);
// Key usages in WebCrypto's order, in which a key lists them (as browsers and Workers do).
const USAGE_ORDER = [
  "encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey",
];
const HMAC_USAGES = ["sign", "verify"];
const DERIVE_USAGES = ["deriveKey", "deriveBits"];
const AES_USAGES = ["encrypt", "decrypt", "wrapKey", "unwrapKey"];
const AES_MODES = ["AES-GCM", "AES-CBC", "AES-CTR"];
const GCM_TAG_BITS = [32, 64, 96, 104, 112, 120, 128];
// The derivations run on the isolate's thread where the CPU limit cannot interrupt them, so
// their work is bounded (runtime/crypto-natives.cc enforces the same bounds): Workers allows at
// most 100,000 PBKDF2 iterations too; the work bound keeps one call near 50 ms of CPU.
const PBKDF2_MAX_ITERATIONS = 100000;
const PBKDF2_MAX_WORK = 200000;
const PBKDF2_MAX_SALT = 64 * 1024;
const HKDF_MAX_INFO = 1024;

// WebCrypto's "normalize an algorithm": a string or an object with a `name`.
function algorithmName(algorithm, what) {
  if (typeof algorithm === "string") return algorithm;
  if (algorithm !== null && typeof algorithm === "object") {
    if (algorithm.name === undefined) {
      throw new TypeError(`${what}: the algorithm object has no 'name'`);
    }
    return String(algorithm.name);
  }
  throw new TypeError(`${what}: the algorithm must be a string or an object with a 'name'`);
}

function hashOf(algorithm, what, { allowMD5 = false } = {}) {
  const name = algorithmName(algorithm, what);
  const hash = HASHES.get(name.toLowerCase());
  if (hash === undefined || (hash.name === "MD5" && !allowMD5)) {
    throw new DOMException(`${what}: unsupported hash '${name}'; supported are SHA-1, ` +
        `SHA-256, SHA-384${allowMD5 ? ", SHA-512 and MD5" : " and SHA-512"}`,
        "NotSupportedError");
  }
  return hash;
}

// `name` spelled as in `names` (algorithm names match case-insensitively), or undefined.
function spelled(name, names) {
  return names.find((n) => n.toLowerCase() === name.toLowerCase());
}

// The HMAC parameters of importKey/generateKey: { name: "HMAC", hash, length? }.
function hmacParams(algorithm, what) {
  const name = algorithmName(algorithm, what);
  if (name.toLowerCase() !== "hmac") {
    throw new DOMException(`${what}: unsupported algorithm '${name}'; shoal's keys are ` +
        "HMAC, AES-GCM, AES-CBC, AES-CTR, Ed25519, PBKDF2 and HKDF", "NotSupportedError");
  }
  if (typeof algorithm !== "object" || algorithm.hash === undefined) {
    throw new TypeError(`${what}: HMAC needs a 'hash', e.g. { name: "HMAC", hash: "SHA-256" }`);
  }
  const hash = hashOf(algorithm.hash, what);
  let length = algorithm.length;
  if (length !== undefined) {
    length = Number(length);
    if (!Number.isInteger(length) || length <= 0) {
      throw new DOMException(`${what}: HMAC length must be a positive number of bits`,
          "OperationError");
    }
  }
  return { hash, length };
}

// Copies a BufferSource argument: the operation must not see later writes to it.
function copyBytes(value, what) {
  const copy = native.copyBytes(value);
  if (copy === null) {
    throw new TypeError(`${what} must be an ArrayBuffer or an ArrayBuffer view`);
  }
  return copy;
}

// The usages of a new key, in WebCrypto's order; a secret or private key needs one
// (`mayBeEmpty` is for public keys).
function checkUsages(usages, allowed, what, keyName, { mayBeEmpty = false } = {}) {
  if (usages === null || typeof usages !== "object" ||
      typeof usages[Symbol.iterator] !== "function") {
    throw new TypeError(`${what}: keyUsages must be an array`);
  }
  const given = new Set(Array.from(usages, String));
  for (const usage of given) {
    if (!has(allowed, usage)) {
      throw new DOMException(`${what}: ${keyName} key cannot be used to '${usage}'; allowed ` +
          `usages are ${allowed.join(", ")}`, "SyntaxError");
    }
  }
  if (given.size === 0 && !mayBeEmpty) {
    throw new DOMException(`${what}: a secret or private key needs at least one usage`,
        "SyntaxError");
  }
  return USAGE_ORDER.filter((usage) => given.has(usage));
}

// JWK (RFC 7517) names: for each algorithm, the "alg" of a key given its hash or length.
const JWK_ALG = {
  "HMAC": (algorithm) => "HS" + algorithm.hash.name.slice("SHA-".length),
  "AES-GCM": (algorithm) => `A${algorithm.length}GCM`,
  "AES-CBC": (algorithm) => `A${algorithm.length}CBC`,
  "AES-CTR": (algorithm) => `A${algorithm.length}CTR`,
};

function base64url(bytes) {
  return btoa(stringFromCodes(bytes)).replace(/\+/g, "-").replace(/\//g, "_")
      .replace(/=+$/, "");
}

// base64url's alphabet, and (as Workers takes them) base64's '+' and '/'.
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE64_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) BASE64_VALUES[BASE64URL.charCodeAt(i)] = i;
BASE64_VALUES[0x2b] = 62;
BASE64_VALUES[0x2f] = 63;

// Decodes the JWK member `member`, padding allowed. Written with captured intrinsics only:
// an unwrapped key's bytes pass through here.
function fromBase64url(text, what, member) {
  const bad = () => new DOMException(`${what}: the JWK's '${member}' is not base64url`,
      "DataError");
  if (typeof text !== "string") throw bad();
  let end = text.length;
  while (end > 0 && apply(charCodeAt, text, [end - 1]) === 0x3d) end--;
  if (text.length - end > 2 || end % 4 === 1) throw bad();
  const bytes = new U8((end * 3) >> 2);
  let bits = 0;
  let count = 0;
  let at = 0;
  for (let i = 0; i < end; i++) {
    const c = apply(charCodeAt, text, [i]);
    const value = c < 128 ? BASE64_VALUES[c] : -1;
    if (value < 0) throw bad();
    bits = ((bits << 6) | value) & 0xffffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes[at++] = (bits >> count) & 0xff;
    }
  }
  return bytes;
}

// A JWK parsed from unwrapped bytes, as an object with no prototype holding only its own
// data members, so that no getter the worker put on Object.prototype sees it.
function jwkFromBytes(bytes, what) {
  let parsed;
  try {
    parsed = jsonParse(native.utf8Decode(new U8(bytes), false));
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== "object") {
    // Workers' error here (WebCrypto says DataError).
    throw new DOMException(`${what}: the unwrapped bytes are not a JWK's JSON`,
        "OperationError");
  }
  const jwk = createObject(null);
  const keys = ownKeys(parsed);
  for (let i = 0; i < keys.length; i++) {
    const descriptor = getOwnPropertyDescriptor(parsed, keys[i]);
    if (hasOwn(descriptor, "value")) jwk[keys[i]] = descriptor.value;
  }
  return jwk;
}

function isArrayBuffer(value) {
  try {
    apply(arrayBufferByteLength, value, []);
    return true;
  } catch {
    return false;
  }
}

// The secret of a JWK for a key of `name` (HMAC or an AES mode), after the checks
// WebCrypto makes of "kty", "k", "use", "key_ops" and "ext".
function secretFromJwk(jwk, name, usages, extractable, what) {
  checkJwk(jwk, "oct", name === "HMAC" ? "sig" : "enc", name, usages, extractable, what);
  if (jwk.k === undefined) throw new DOMException(`${what}: the JWK has no 'k'`, "DataError");
  return fromBase64url(jwk.k, what, "k");
}

// The checks WebCrypto makes of every JWK: its "kty", "use", "key_ops" and "ext".
function checkJwk(jwk, kty, use, name, usages, extractable, what) {
  if (jwk === null || typeof jwk !== "object" || isView(jwk) || isArrayBuffer(jwk)) {
    throw new TypeError(`${what}: a 'jwk' key must be an object such as { kty: "${kty}" }`);
  }
  if (jwk.kty !== kty) {
    throw new DOMException(`${what}: a ${name} JWK has kty "${kty}", not ` +
        JSON.stringify(jwk.kty), "DataError");
  }
  if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) {
    throw new DOMException(`${what}: a ${name} JWK has use "${use}"`, "DataError");
  }
  if (jwk.key_ops !== undefined) {
    const ops = Array.from(jwk.key_ops, String);
    const missing = usages.find((u) => !ops.includes(u));
    if (missing !== undefined) {
      throw new DOMException(`${what}: the JWK's key_ops do not allow '${missing}'`,
          "DataError");
    }
  }
  if (jwk.ext === false && extractable) {
    throw new DOMException(`${what}: the JWK is not extractable (ext: false)`, "DataError");
  }
}

// Throws unless a JWK's "alg" (if any) is `expected`.
function checkJwkAlg(jwk, expected, what) {
  if (jwk.alg !== undefined && jwk.alg !== expected) {
    throw new DOMException(`${what}: the JWK's alg is ${JSON.stringify(jwk.alg)}, not ` +
        `"${expected}"`, "DataError");
  }
}

// -------------------------------------------------------------------------------------------
// CryptoKey

const KEY_TOKEN = Symbol("CryptoKey");

// What sign/verify/exportKey read from a key, from its private fields, so that worker code
// replacing CryptoKey.prototype's getters cannot change it: { type, secret, algorithm,
// usages, extractable }, or null if `value` is not a CryptoKey.
let keyInternals;

class CryptoKey {
  #type;
  #extractable;
  #algorithm;
  #usages;
  #secret;  // Uint8Array, the key's bytes; leave only through exportKey, if extractable

  constructor(token, type, secret, algorithm, extractable, usages) {
    if (token !== KEY_TOKEN) throw new TypeError("Illegal constructor");
    this.#type = type;
    this.#secret = secret;
    this.#algorithm = algorithm;
    this.#extractable = extractable;
    this.#usages = usages;
  }

  get type() { return CryptoKey.#get(this, "type").#type; }
  get extractable() { return CryptoKey.#get(this, "extractable").#extractable; }
  get algorithm() { return CryptoKey.#get(this, "algorithm").#algorithm; }
  get usages() { return CryptoKey.#get(this, "usages").#usages; }

  static #get(self, what) {
    if (!(self !== null && typeof self === "object" && #type in self)) {
      throw new TypeError(`CryptoKey.${what}: 'this' is not a CryptoKey`);
    }
    return self;
  }

  static {
    keyInternals = (value) => {
      if (!(value !== null && typeof value === "object" && #type in value)) return null;
      return { type: value.#type, secret: value.#secret, algorithm: value.#algorithm,
               usages: value.#usages, extractable: value.#extractable };
    };
  }
}
for (const name of ["type", "extractable", "algorithm", "usages"]) {
  Object.defineProperty(CryptoKey.prototype, name, { enumerable: true });
}
setToStringTag(CryptoKey, "CryptoKey");

function newHmacKey(secret, hash, extractable, usages) {
  const algorithm = freeze({
    name: "HMAC",
    hash: freeze({ name: hash.name }),
    length: byteLength(secret) * 8,
  });
  return new CryptoKey(KEY_TOKEN, "secret", secret, algorithm, Boolean(extractable),
      freeze(usages));
}

// The length of a new AES key: AesKeyGenParams' or AesDerivedKeyParams' `length`.
function aesKeyBits(algorithm, name, what) {
  const bits = Number(algorithm.length);
  if (bits !== 128 && bits !== 192 && bits !== 256) {
    throw new DOMException(`${what}: ${name} keys are 128, 192 or 256 bits long`,
        "OperationError");
  }
  return bits;
}

function newAesKey(secret, name, extractable, usages) {
  const algorithm = freeze({ name, length: byteLength(secret) * 8 });
  return new CryptoKey(KEY_TOKEN, "secret", secret, algorithm, Boolean(extractable),
      freeze(usages));
}

// A key for a key derivation function: never extractable (WebCrypto's rule).
function newDerivationKey(secret, name, extractable, usages, what) {
  if (extractable) {
    throw new DOMException(`${what}: a ${name} key cannot be extractable`, "SyntaxError");
  }
  return new CryptoKey(KEY_TOKEN, "secret", secret, freeze({ name }), false,
      freeze(usages));
}

// The internals of `key` for an operation whose algorithm is one of `supported`, if the key
// is for that algorithm and may do `usage`.
function keyFor(algorithm, key, usage, supported, what) {
  const name = algorithmName(algorithm, what);
  const parts = keyInternals(key);
  if (parts === null) throw new TypeError(`${what}: the key must be a CryptoKey`);
  const expected = spelled(name, supported);
  if (expected === undefined) {
    throw new DOMException(`${what}: unsupported algorithm '${name}'; shoal supports ` +
        supported.join(" and "), "NotSupportedError");
  }
  if (parts.algorithm.name !== expected) {
    throw new DOMException(`${what}: the key is for ${parts.algorithm.name}, not ${expected}`,
        "InvalidAccessError");
  }
  if (!has(parts.usages, usage)) {
    throw new DOMException(`${what}: the key's usages do not include '${usage}'`,
        "InvalidAccessError");
  }
  return parts;
}

// -------------------------------------------------------------------------------------------
// Ed25519 (RFC 8032): keys are 32 bytes (the private one is the seed); the SPKI and PKCS #8
// encodings of such keys are those bytes after a fixed DER header (RFC 8410).

const ED25519_SPKI_HEADER = [
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];
const ED25519_PKCS8_HEADER = [
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

function newEd25519Key(type, bytes, extractable, usages) {
  return new CryptoKey(KEY_TOKEN, type, bytes, freeze({ name: "Ed25519" }),
      Boolean(extractable), freeze(usages));
}

// The 32 key bytes after `header`, or a DataError.
function afterHeader(der, header, what) {
  let ok = byteLength(der) === header.length + 32;
  for (let i = 0; ok && i < header.length; i++) ok = der[i] === header[i];
  if (!ok) throw new DOMException(`${what}: not a DER-encoded Ed25519 key`, "DataError");
  const key = new U8(32);
  for (let i = 0; i < 32; i++) key[i] = der[header.length + i];
  return key;
}

function importEd25519(format, keyData, extractable, keyUsages, what) {
  const publicKey = (bytes) => {
    const usages = checkUsages(keyUsages, ["verify"], what, "an Ed25519 public",
        { mayBeEmpty: true });
    return newEd25519Key("public", bytes, extractable, usages);
  };
  const privateKey = (bytes) => {
    const usages = checkUsages(keyUsages, ["sign"], what, "an Ed25519 private");
    return newEd25519Key("private", bytes, extractable, usages);
  };
  switch (format) {
    case "raw": {
      const bytes = copyBytes(keyData, `${what}: keyData`);
      if (byteLength(bytes) !== 32) {
        throw new DOMException(`${what}: a raw Ed25519 public key is 32 bytes, not ` +
            byteLength(bytes), "DataError");
      }
      return publicKey(bytes);
    }
    case "spki":
      return publicKey(afterHeader(copyBytes(keyData, `${what}: keyData`),
          ED25519_SPKI_HEADER, what));
    case "pkcs8":
      return privateKey(afterHeader(copyBytes(keyData, `${what}: keyData`),
          ED25519_PKCS8_HEADER, what));
    case "jwk": {
      const usages = Array.from(keyUsages ?? [], String);
      checkJwk(keyData, "OKP", "sig", "Ed25519", usages, extractable, what);
      if (keyData.crv !== "Ed25519") {
        throw new DOMException(`${what}: the JWK's crv is ${JSON.stringify(keyData.crv)}, ` +
            'not "Ed25519"', "NotSupportedError");
      }
      if (keyData.alg !== undefined && keyData.alg !== "EdDSA" && keyData.alg !== "Ed25519") {
        throw new DOMException(`${what}: the JWK's alg is ${JSON.stringify(keyData.alg)}, ` +
            'not "EdDSA"', "DataError");
      }
      const member = (name, value) => {
        const bytes = fromBase64url(value, what, name);
        if (byteLength(bytes) !== 32) {
          throw new DOMException(`${what}: the JWK's ${name} is not 32 bytes`, "DataError");
        }
        return bytes;
      };
      const x = member("x", keyData.x ?? "");
      const dText = keyData.d;
      if (dText === undefined) return publicKey(x);
      const d = member("d", dText);
      if (!native.timingSafeEqual(new U8(native.ed25519("public", d)), x)) {
        throw new DOMException(`${what}: the JWK's x is not the public key of its d`, "DataError");
      }
      return privateKey(d);
    }
  }
  throw new DOMException(`${what}: '${format}' is not a key format`, "NotSupportedError");
}

function exportEd25519(format, { type, secret, usages }, what) {
  const wrongType = () => new DOMException(
      `${what}: a ${type} Ed25519 key cannot be exported as '${format}'`, "InvalidAccessError");
  switch (format) {
    case "raw":
      if (type !== "public") throw wrongType();
      return bufferCopy(secret);
    case "spki":
      if (type !== "public") throw wrongType();
      return bufferCopy(U8.from([...ED25519_SPKI_HEADER, ...secret]));
    case "pkcs8":
      if (type !== "private") throw wrongType();
      return bufferCopy(U8.from([...ED25519_PKCS8_HEADER, ...secret]));
    case "jwk": {
      const x = type === "public" ? secret : new U8(native.ed25519("public", secret));
      const jwk = {  // in Workers' order of members
        kty: "OKP", key_ops: [...usages], alg: "EdDSA", ext: true, crv: "Ed25519", x: base64url(x),
      };
      if (type === "private") jwk.d = base64url(secret);
      return jwk;
    }
  }
  throw new DOMException(`${what}: '${format}' is not a key format`, "NotSupportedError");
}

// AES-CTR as WebCrypto defines it: only the rightmost `length` bits of the counter block
// count, wrapping to zero, and no counter value may be used twice. OpenSSL counts with all
// 128 bits, so the data is split where the counter bits wrap.
function aesCtr(secret, algorithm, input, what) {
  const counter = copyBytes(algorithm.counter ?? null, `${what}: counter`);
  const length = Number(algorithm.length);
  if (byteLength(counter) !== 16 || !Number.isInteger(length) || length < 1 || length > 128) {
    throw new DOMException(`${what}: AES-CTR needs a 16-byte counter and a length of 1 to ` +
        "128 bits", "OperationError");
  }
  let value = 0n;
  for (let i = 0; i < 16; i++) value = (value << 8n) | BigInt(counter[i]);
  const span = 1n << BigInt(length);
  const blocks = BigInt(Math.ceil(byteLength(input) / 16));
  if (blocks > span) {
    throw new DOMException(`${what}: the data needs more than 2^${length} counter values`,
        "OperationError");
  }
  const run = (block, bytes) => {
    const out = native.aes("AES-CTR", true, secret, block, bytes, new U8(0), 0);
    if (out === undefined) throw new DOMException(`${what}: AES-CTR failed`, "OperationError");
    return new U8(out);
  };
  const untilWrap = span - (value & (span - 1n));
  if (blocks <= untilWrap) return bufferCopy(run(counter, input));
  // Encrypt up to the wrap, then go on from the same block with the counter bits at zero.
  const splitAt = Number(untilWrap) * 16;
  const wrapped = new U8(16);
  let rest = value & ~(span - 1n);
  for (let i = 15; i >= 0; i--, rest >>= 8n) wrapped[i] = Number(rest & 0xffn);
  // Captured methods only: for unwrapKey these bytes are a key's.
  const first = run(counter, apply(subarray, input, [0, splitAt]));
  const second = run(wrapped, apply(subarray, input, [splitAt]));
  const out = new U8(byteLength(first) + byteLength(second));
  apply(setBytes, out, [first, 0]);
  apply(setBytes, out, [second, byteLength(first)]);
  return apply(bufferGetter, out, []);
}

// encrypt/decrypt with an AES key: the parameters in `algorithm` are WebCrypto's AesGcmParams
// ({ iv, additionalData, tagLength }), AesCbcParams ({ iv } of 16 bytes) or AesCtrParams
// ({ counter, length }).
function aesCipher(encrypt, algorithm, key, data, what, usage = encrypt ? "encrypt" : "decrypt") {
  const { secret, algorithm: { name } } = keyFor(algorithm, key, usage, AES_MODES, what);
  if (name === "AES-CTR") {
    if (typeof algorithm !== "object") {
      throw new TypeError(`${what}: AES-CTR needs { name: "AES-CTR", counter, length }`);
    }
    return aesCtr(secret, algorithm, copyBytes(data, `${what}: data`), what);
  }
  if (typeof algorithm !== "object" || algorithm.iv === undefined) {
    throw new TypeError(`${what}: ${name} needs an 'iv', e.g. { name: "${name}", iv }`);
  }
  const iv = copyBytes(algorithm.iv, `${what}: iv`);
  const input = copyBytes(data, `${what}: data`);
  let additionalData = new U8(0);
  let tagBytes = 0;
  if (name === "AES-GCM") {
    if (byteLength(iv) === 0) {
      throw new DOMException(`${what}: the AES-GCM iv cannot be empty`, "OperationError");
    }
    if (algorithm.additionalData !== undefined) {
      additionalData = copyBytes(algorithm.additionalData, `${what}: additionalData`);
    }
    const tagBits = algorithm.tagLength === undefined ? 128 : Number(algorithm.tagLength);
    if (!GCM_TAG_BITS.includes(tagBits)) {
      throw new DOMException(`${what}: tagLength must be one of ${GCM_TAG_BITS.join(", ")}`,
          "OperationError");
    }
    tagBytes = tagBits / 8;
  } else if (byteLength(iv) !== 16) {
    throw new DOMException(`${what}: the AES-CBC iv must be 16 bytes, not ${byteLength(iv)}`,
        "OperationError");
  }
  const out = native.aes(name, encrypt, secret, iv, input, additionalData, tagBytes);
  if (out === undefined) {
    throw new DOMException(`${what}: the data could not be ${encrypt ? "en" : "de"}crypted ` +
        "with this key and parameters", "OperationError");
  }
  return out;
}

// `length` bits from `secret` by the PBKDF2 or HKDF parameters in `algorithm`. Each member
// is read once, as Web IDL converts a dictionary: a getter cannot pass the checks with one
// value and reach the native call with another.
function derive(algorithm, secret, length, what) {
  const name = algorithmName(algorithm, what).toUpperCase();
  if (typeof algorithm !== "object") {
    throw new TypeError(`${what}: ${name} needs its parameters, e.g. { name: "${name}", ` +
        `hash: "SHA-256", salt, ${name === "HKDF" ? "info" : "iterations"} }`);
  }
  const params = {};
  const members = name === "HKDF" ? ["hash", "salt", "info"] : ["hash", "salt", "iterations"];
  for (const member of members) {
    params[member] = algorithm[member];
    if (params[member] === undefined) throw new TypeError(`${what}: ${name} needs a '${member}'`);
  }
  const hash = hashOf(params.hash, what);
  const salt = copyBytes(params.salt, `${what}: salt`);
  const bits = length === null || length === undefined ? NaN : Number(length);
  if (!Number.isInteger(bits) || bits <= 0 || bits % 8 !== 0) {
    throw new DOMException(`${what}: length must be a positive multiple of 8 bits`,
        "OperationError");
  }
  const bytes = bits / 8;
  if (name === "HKDF") {
    if (bytes > 255 * hash.bytes) {
      throw new DOMException(`${what}: HKDF with ${hash.name} derives at most ` +
          `${255 * hash.bytes * 8} bits`, "OperationError");
    }
    const info = copyBytes(params.info, `${what}: info`);
    if (byteLength(info) > HKDF_MAX_INFO) {
      throw new DOMException(`${what}: HKDF info is at most ${HKDF_MAX_INFO} bytes`,
          "NotSupportedError");
    }
    return native.hkdf(hash.name, secret, salt, info, bytes);
  }
  const iterations = Number(params.iterations);
  if (!Number.isInteger(iterations) || iterations <= 0) {
    throw new DOMException(`${what}: PBKDF2 iterations must be a positive integer`,
        "OperationError");
  }
  const blocks = Math.ceil(bytes / hash.bytes);
  if (iterations > PBKDF2_MAX_ITERATIONS || iterations * blocks > PBKDF2_MAX_WORK ||
      byteLength(salt) > PBKDF2_MAX_SALT) {
    throw new DOMException(`${what}: shoal runs PBKDF2 with at most ` +
        `${PBKDF2_MAX_ITERATIONS} iterations, ${PBKDF2_MAX_WORK} iterations times ` +
        `${hash.bytes * 8}-bit output blocks, and salts of up to ${PBKDF2_MAX_SALT} bytes`,
        "NotSupportedError");
  }
  return native.pbkdf2(hash.name, secret, salt, iterations, bytes);
}

// importKey's and exportKey's work, shared with unwrapKey and wrapKey.
function importKey(format, keyData, algorithm, extractable, keyUsages, what) {
  format = String(format);
  if (spelled(algorithmName(algorithm, what), ["Ed25519"]) !== undefined) {
    return importEd25519(format, keyData, extractable, keyUsages, what);
  }
  if (format !== "raw" && format !== "jwk") {
    throw new DOMException(`${what}: shoal imports secret keys as 'raw' or 'jwk', not ` +
        `'${format}'`, "NotSupportedError");
  }
  const name = algorithmName(algorithm, what);
  const keyName = spelled(name, [...AES_MODES, "PBKDF2", "HKDF", "HMAC"]) ?? name;
  if (format === "jwk" && (keyName === "PBKDF2" || keyName === "HKDF")) {
    throw new DOMException(`${what}: ${keyName} keys are imported as 'raw' only`,
        "NotSupportedError");
  }
  const secretOf = (usages) => format === "jwk"
      ? secretFromJwk(keyData, keyName, usages, extractable, what)
      : copyBytes(keyData, `${what}: keyData`);
  if (has(AES_MODES, keyName)) {
    const usages = checkUsages(keyUsages, AES_USAGES, what, `an ${keyName}`);
    const secret = secretOf(usages);
    if (!has([16, 24, 32], byteLength(secret))) {
      throw new DOMException(`${what}: an ${keyName} key is 16, 24 or 32 bytes long, ` +
          `not ${byteLength(secret)}`, "DataError");
    }
    if (format === "jwk") {
      checkJwkAlg(keyData, JWK_ALG[keyName]({ length: byteLength(secret) * 8 }), what);
    }
    return newAesKey(secret, keyName, extractable, usages);
  }
  if (keyName === "PBKDF2" || keyName === "HKDF") {
    const usages = checkUsages(keyUsages, DERIVE_USAGES, what, `a ${keyName}`);
    return newDerivationKey(secretOf(usages), keyName, extractable, usages, what);
  }
  const { hash, length } = hmacParams(algorithm, what);
  const usages = checkUsages(keyUsages, HMAC_USAGES, what, "an HMAC");
  const secret = secretOf(usages);
  if (format === "jwk") checkJwkAlg(keyData, JWK_ALG.HMAC({ hash }), what);
  if (byteLength(secret) === 0) {
    throw new DOMException(`${what}: an HMAC key cannot be empty`, "DataError");
  }
  if (length !== undefined && length !== byteLength(secret) * 8) {
    throw new DOMException(`${what}: length ${length} does not match the ` +
        `${byteLength(secret) * 8}-bit key`, "DataError");
  }
  return newHmacKey(secret, hash, extractable, usages);
}

function exportKey(format, key, what) {
  const parts = keyInternals(key);
  if (parts === null) throw new TypeError(`${what}: the key must be a CryptoKey`);
  format = String(format);
  if (!parts.extractable) {
    throw new DOMException(`${what}: the key is not extractable`, "InvalidAccessError");
  }
  if (parts.algorithm.name === "Ed25519") return exportEd25519(format, parts, what);
  if (format !== "raw" && format !== "jwk") {
    throw new DOMException(`${what}: shoal exports secret keys as 'raw' or 'jwk', not ` +
        `'${format}'`, "NotSupportedError");
  }
  if (format === "raw") return bufferCopy(parts.secret);
  return {  // in Workers' order of members
    kty: "oct",
    key_ops: [...parts.usages],
    alg: JWK_ALG[parts.algorithm.name](parts.algorithm),
    ext: true,
    k: base64url(parts.secret),
  };
}

// -------------------------------------------------------------------------------------------
// SubtleCrypto

const SUBTLE_TOKEN = Symbol("SubtleCrypto");
const IntrinsicPromise = Promise;  // worker code may replace the global

// Runs `body` so that any error it throws becomes the returned promise's rejection, as for
// every Web IDL operation that returns a promise.
function settle(body) {
  try {
    return IntrinsicPromise.resolve(body());
  } catch (error) {
    return IntrinsicPromise.reject(error);
  }
}

class SubtleCrypto {
  #brand = true;

  constructor(token = undefined) {
    if (token !== SUBTLE_TOKEN) throw new TypeError("Illegal constructor");
  }

  digest(algorithm, data) {
    return settle(() => {
      SubtleCrypto.#check(this, "digest");
      requireArgs(arguments.length, 2, "SubtleCrypto.digest");
      const hash = hashOf(algorithm, "SubtleCrypto.digest", { allowMD5: true });
      return native.digest(hash.name, copyBytes(data, "SubtleCrypto.digest: data"));
    });
  }

  generateKey(algorithm, extractable, keyUsages) {
    return settle(() => {
      SubtleCrypto.#check(this, "generateKey");
      requireArgs(arguments.length, 3, "SubtleCrypto.generateKey");
      const what = "SubtleCrypto.generateKey";
      if (spelled(algorithmName(algorithm, what), ["Ed25519"]) !== undefined) {
        const usages = checkUsages(keyUsages, ["sign", "verify"], what, "an Ed25519",
            { mayBeEmpty: true });
        const seed = new U8(32);
        native.randomFill(seed);
        const publicBytes = new U8(native.ed25519("public", seed));
        const signing = usages.filter((u) => u === "sign");
        if (signing.length === 0) {
          throw new DOMException(`${what}: an Ed25519 key pair needs the 'sign' usage`,
              "SyntaxError");
        }
        return {
          publicKey: newEd25519Key("public", publicBytes, true,
              usages.filter((u) => u === "verify")),
          privateKey: newEd25519Key("private", seed, extractable, signing),
        };
      }
      const aes = spelled(algorithmName(algorithm, what), AES_MODES);
      if (aes !== undefined) {
        const usages = checkUsages(keyUsages, AES_USAGES, what, `an ${aes}`);
        const secret = new U8(aesKeyBits(algorithm, aes, what) / 8);
        native.randomFill(secret);
        return newAesKey(secret, aes, extractable, usages);
      }
      const { hash, length } = hmacParams(algorithm, what);
      const usages = checkUsages(keyUsages, HMAC_USAGES, what, "an HMAC");
      const bits = length ?? hash.blockBits;
      if (bits % 8 !== 0) {
        throw new DOMException(`${what}: shoal generates HMAC keys in whole bytes; ${bits} ` +
            "bits is not a multiple of 8", "NotSupportedError");
      }
      const secret = new U8(bits / 8);
      native.randomFill(secret);
      return newHmacKey(secret, hash, extractable, usages);
    });
  }

  importKey(format, keyData, algorithm, extractable, keyUsages) {
    return settle(() => {
      SubtleCrypto.#check(this, "importKey");
      requireArgs(arguments.length, 5, "SubtleCrypto.importKey");
      return importKey(format, keyData, algorithm, extractable, keyUsages,
          "SubtleCrypto.importKey");
    });
  }

  exportKey(format, key) {
    return settle(() => {
      SubtleCrypto.#check(this, "exportKey");
      requireArgs(arguments.length, 2, "SubtleCrypto.exportKey");
      return exportKey(format, key, "SubtleCrypto.exportKey");
    });
  }

  // A key exported in `format` and encrypted with `wrappingKey`; a JWK is wrapped as its
  // JSON text in UTF-8, as WebCrypto says.
  wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    return settle(() => {
      SubtleCrypto.#check(this, "wrapKey");
      requireArgs(arguments.length, 4, "SubtleCrypto.wrapKey");
      const what = "SubtleCrypto.wrapKey";
      format = String(format);
      const exported = exportKey(format, key, what);
      const bytes = format === "jwk" ? utf8Encode(jsonStringify(exported)) : new U8(exported);
      return aesCipher(true, wrapAlgorithm, wrappingKey, bytes, what, "wrapKey");
    });
  }

  unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
            extractable, keyUsages) {
    return settle(() => {
      SubtleCrypto.#check(this, "unwrapKey");
      requireArgs(arguments.length, 7, "SubtleCrypto.unwrapKey");
      const what = "SubtleCrypto.unwrapKey";
      format = String(format);
      const bytes = aesCipher(false, unwrapAlgorithm, unwrappingKey, wrappedKey, what,
          "unwrapKey");
      const keyData = format === "jwk" ? jwkFromBytes(bytes, what) : bytes;
      return importKey(format, keyData, unwrappedKeyAlgorithm, extractable, keyUsages, what);
    });
  }

  sign(algorithm, key, data) {
    return settle(() => {
      SubtleCrypto.#check(this, "sign");
      requireArgs(arguments.length, 3, "SubtleCrypto.sign");
      const what = "SubtleCrypto.sign";
      const { secret, algorithm: { name, hash } } =
          keyFor(algorithm, key, "sign", ["HMAC", "Ed25519"], what);
      const bytes = copyBytes(data, `${what}: data`);
      if (name === "Ed25519") return native.ed25519("sign", secret, bytes);
      return native.hmac(hash.name, secret, bytes);
    });
  }

  verify(algorithm, key, signature, data) {
    return settle(() => {
      SubtleCrypto.#check(this, "verify");
      requireArgs(arguments.length, 4, "SubtleCrypto.verify");
      const what = "SubtleCrypto.verify";
      const { secret, algorithm: { name, hash } } =
          keyFor(algorithm, key, "verify", ["HMAC", "Ed25519"], what);
      const expected = copyBytes(signature, `${what}: signature`);
      if (name === "Ed25519") {
        return native.ed25519("verify", secret, expected, copyBytes(data, `${what}: data`));
      }
      const actual = new U8(native.hmac(hash.name, secret,
          copyBytes(data, `${what}: data`)));
      return native.timingSafeEqual(expected, actual);
    });
  }

  encrypt(algorithm, key, data) {
    return settle(() => {
      SubtleCrypto.#check(this, "encrypt");
      requireArgs(arguments.length, 3, "SubtleCrypto.encrypt");
      return aesCipher(true, algorithm, key, data, "SubtleCrypto.encrypt");
    });
  }

  decrypt(algorithm, key, data) {
    return settle(() => {
      SubtleCrypto.#check(this, "decrypt");
      requireArgs(arguments.length, 3, "SubtleCrypto.decrypt");
      return aesCipher(false, algorithm, key, data, "SubtleCrypto.decrypt");
    });
  }

  deriveBits(algorithm, baseKey, length) {
    return settle(() => {
      SubtleCrypto.#check(this, "deriveBits");
      requireArgs(arguments.length, 3, "SubtleCrypto.deriveBits");
      const what = "SubtleCrypto.deriveBits";
      const { secret } = keyFor(algorithm, baseKey, "deriveBits", ["PBKDF2", "HKDF"], what);
      return derive(algorithm, secret, length, what);
    });
  }

  deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
    return settle(() => {
      SubtleCrypto.#check(this, "deriveKey");
      requireArgs(arguments.length, 5, "SubtleCrypto.deriveKey");
      const what = "SubtleCrypto.deriveKey";
      const { secret } = keyFor(algorithm, baseKey, "deriveKey", ["PBKDF2", "HKDF"], what);
      const aes = spelled(algorithmName(derivedKeyType, what), AES_MODES);
      if (aes !== undefined) {
        const usages = checkUsages(keyUsages, AES_USAGES, what, `an ${aes}`);
        const bits = derive(algorithm, secret, aesKeyBits(derivedKeyType, aes, what), what);
        return newAesKey(new U8(bits), aes, extractable, usages);
      }
      const { hash, length } = hmacParams(derivedKeyType, what);
      const usages = checkUsages(keyUsages, HMAC_USAGES, what, "an HMAC");
      const bits = derive(algorithm, secret, length ?? hash.blockBits, what);
      return newHmacKey(new U8(bits), hash, extractable, usages);
    });
  }

  static #check(self, what) {
    if (!(self !== null && typeof self === "object" && #brand in self)) {
      throw new TypeError(`SubtleCrypto.${what}: 'this' is not a SubtleCrypto object; call ` +
          `it as crypto.subtle.${what}(...)`);
    }
  }
}
const SUBTLE_METHODS = [
  "digest", "generateKey", "importKey", "exportKey", "sign", "verify", "encrypt", "decrypt",
  "deriveBits", "deriveKey", "wrapKey", "unwrapKey",
];
for (const name of SUBTLE_METHODS) {
  Object.defineProperty(SubtleCrypto.prototype, name, { enumerable: true });
}
setToStringTag(SubtleCrypto, "SubtleCrypto");

const { crypto } = internal;
const subtle = new SubtleCrypto(SUBTLE_TOKEN);
Object.defineProperty(internal.Crypto.prototype, "subtle", {
  get() {
    if (this !== crypto) throw new TypeError("Crypto.subtle: 'this' is not a Crypto object");
    return subtle;
  },
  enumerable: true,
  configurable: true,
});
defineGlobal("CryptoKey", CryptoKey);
defineGlobal("SubtleCrypto", SubtleCrypto);
