// crypto.subtle: digest (SHA-1/256/384/512, MD5); HMAC, Ed25519, ECDSA (P-256, P-384, P-521),
// RSASSA-PKCS1-v1_5 and RSA-PSS keys (sign, verify); AES-GCM, AES-CBC, AES-CTR and RSA-OAEP
// keys (encrypt, decrypt, wrapKey, unwrapKey) and AES-KW keys (wrapKey, unwrapKey); PBKDF2,
// HKDF, ECDH and X25519 (deriveBits, deriveKey to AES, HMAC, HKDF or PBKDF2). Keys are
// generated, or imported and exported as raw bytes or JWK, and key pairs also as SPKI and
// PKCS #8. Anything else rejects with NotSupportedError, so a worker can tell what is missing
// from what it got wrong. The cryptography itself runs natively (OpenSSL,
// runtime/crypto-natives.cc).
//
// TODO(perf): an isolate's first calls compile these paths (10 to 30 ms of CPU for a key
// pair's import and use, counted against the request's limit); warming them up as
// worker-glue.js's warmUp does the fetch paths would put them in the shared code cache.

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
const { isView } = ArrayBuffer;
const arrayBufferByteLength =
    Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
const { ownKeys } = Reflect;
const { getOwnPropertyDescriptor, create: createObject } = Object;
// Not Object.hasOwn: V8 10.2 has it behind a flag, so the startup snapshot's bootstrap
// does not see it (runtime/js/README.md).
const objectHasOwnProperty = Object.prototype.hasOwnProperty;
const hasOwn = (object, key) => apply(objectHasOwnProperty, object, [key]);
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
const AES_MODES = ["AES-GCM", "AES-CBC", "AES-CTR"];  // the AES keys that encrypt
const AES_NAMES = [...AES_MODES, "AES-KW"];
const aesUsages = (name) => name === "AES-KW" ? ["wrapKey", "unwrapKey"] : AES_USAGES;
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
        "HMAC, AES-GCM, AES-CBC, AES-CTR, AES-KW, Ed25519, ECDSA, ECDH, X25519, " +
        "RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP, PBKDF2 and HKDF", "NotSupportedError");
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
  "AES-KW": (algorithm) => `A${algorithm.length}KW`,
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
// an unwrapped key's bytes pass through here. The text is read as UTF-8 bytes made natively
// (anything not ASCII is then not base64url): a loop over them is many times faster than one
// over the string's characters, and RSA keys are long.
function fromBase64url(text, what, member) {
  const bad = () => new DOMException(`${what}: the JWK's '${member}' is not base64url`,
      "DataError");
  if (typeof text !== "string") throw bad();
  const codes = native.utf8Encode(text);
  let end = byteLength(codes);
  while (end > 0 && codes[end - 1] === 0x3d) end--;
  if (byteLength(codes) - end > 2 || end % 4 === 1) throw bad();
  const bytes = new U8((end * 3) >> 2);
  let bits = 0;
  let count = 0;
  let at = 0;
  for (let i = 0; i < end; i++) {
    const c = codes[i];
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

// The members of a JsonWebKey dictionary (RFC 7517, 7518), in the order Web IDL reads them.
const JWK_MEMBERS = [
  "alg", "crv", "d", "dp", "dq", "e", "ext", "k", "key_ops", "kty", "n", "oth", "p", "q", "qi",
  "use", "x", "y",
];

// A JWK as Web IDL converts a JsonWebKey dictionary: each member read once (a getter cannot
// pass the checks with one value and reach the natives with another), into an object with
// no prototype.
function jwkDictionary(value) {
  const jwk = createObject(null);
  for (let i = 0; i < JWK_MEMBERS.length; i++) jwk[JWK_MEMBERS[i]] = value[JWK_MEMBERS[i]];
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
    const given = jwk.key_ops;
    if (given === null || typeof given !== "object" ||
        typeof given[Symbol.iterator] !== "function") {
      throw new TypeError(`${what}: the JWK's key_ops must be a list of strings`);
    }
    const ops = Array.from(given, String);
    if (new Set(ops).size !== ops.length) {
      // RFC 7517 section 4.3: no operation may be listed twice.
      throw new DOMException(`${what}: the JWK's key_ops list an operation twice`, "DataError");
    }
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
  const length = typeof algorithm === "object" ? algorithm.length : undefined;
  if (length === undefined) {
    // A required member (Web IDL).
    throw new TypeError(`${what}: ${name} needs a 'length', e.g. { name: "${name}", ` +
        "length: 256 }");
  }
  const bits = Number(length);
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

// -------------------------------------------------------------------------------------------
// Key pairs: ECDSA, ECDH, X25519 and RSA (RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP). A key's bytes
// are a blob of its components that only the natives make and read (runtime/crypto-natives.cc);
// DER (SPKI, PKCS #8) is parsed when a key is imported and made when one is exported.

const EC_CURVES = ["P-256", "P-384", "P-521"];
const RSA_NAMES = ["RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP"];
const PAIR_NAMES = ["ECDSA", "ECDH", "X25519", ...RSA_NAMES];
// The algorithms of sign/verify and of deriveBits/deriveKey.
const SIGNERS = ["HMAC", "Ed25519", "ECDSA", "RSASSA-PKCS1-v1_5", "RSA-PSS"];
const DERIVERS = ["PBKDF2", "HKDF", "ECDH", "X25519"];
// The usages of each algorithm's private and public keys.
const PAIR_USAGES = {
  "ECDSA": [["sign"], ["verify"]],
  "ECDH": [DERIVE_USAGES, []],
  "X25519": [DERIVE_USAGES, []],
  "RSASSA-PKCS1-v1_5": [["sign"], ["verify"]],
  "RSA-PSS": [["sign"], ["verify"]],
  "RSA-OAEP": [["decrypt", "unwrapKey"], ["encrypt", "wrapKey"]],
};
// The JWK "use" of each algorithm's keys.
const PAIR_JWK_USE = {
  "ECDSA": "sig", "ECDH": "enc", "X25519": "enc",
  "RSASSA-PKCS1-v1_5": "sig", "RSA-PSS": "sig", "RSA-OAEP": "enc",
};
// ECDSA JWK "alg" values and their curves.
const ECDSA_JWK_ALG = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" };
// RSA JWK "alg" values and the hash each names. As in Workers, an RSA key takes any of them
// whose hash is the key's (WebCrypto would ask for its own algorithm's).
const RSA_JWK_HASHES = new Map([
  ["RS1", "SHA-1"], ["RS256", "SHA-256"], ["RS384", "SHA-384"], ["RS512", "SHA-512"],
  ["PS1", "SHA-1"], ["PS256", "SHA-256"], ["PS384", "SHA-384"], ["PS512", "SHA-512"],
  ["RSA-OAEP", "SHA-1"], ["RSA-OAEP-256", "SHA-256"], ["RSA-OAEP-384", "SHA-384"],
  ["RSA-OAEP-512", "SHA-512"],
]);
function rsaJwkAlg(name, hashName) {
  const bits = hashName.slice("SHA-".length);
  if (name === "RSA-OAEP") return bits === "1" ? "RSA-OAEP" : `RSA-OAEP-${bits}`;
  return (name === "RSA-PSS" ? "PS" : "RS") + bits;
}
// RSA keys are generated with 512 to 4096 bits and imported with up to 8192 (Workers: 16384
// for both): the natives run where the CPU limit cannot stop them (runtime/crypto-natives.cc
// enforces the same bounds), and a 4096-bit generation already takes about a second.
const RSA_MIN_GENERATE_BITS = 512;
const RSA_MAX_GENERATE_BITS = 4096;
const RSA_MAX_IMPORT_BITS = 8192;

// The natives' name for the family of a key with this algorithm.
const familyOf = (algorithm) =>
  algorithm.namedCurve ?? (algorithm.name === "X25519" ? "X25519" : "RSA");

function newPairKey(type, der, algorithm, extractable, usages) {
  return new CryptoKey(KEY_TOKEN, type, der, freeze(algorithm), Boolean(extractable),
      freeze(usages));
}

// The namedCurve of EcKeyGenParams or EcKeyImportParams, spelled as WebCrypto spells it.
function namedCurveOf(algorithm, name, what) {
  const given = typeof algorithm === "object" ? algorithm.namedCurve : undefined;
  if (given === undefined) {
    throw new TypeError(`${what}: ${name} needs a namedCurve, e.g. { name: "${name}", ` +
        'namedCurve: "P-256" }');
  }
  const curve = spelled(String(given), EC_CURVES);
  if (curve === undefined) {
    throw new DOMException(`${what}: unsupported curve '${given}'; shoal's are P-256, P-384 ` +
        "and P-521", "NotSupportedError");
  }
  return curve;
}

// The hash of RsaHashedKeyGenParams or RsaHashedImportParams.
function rsaHashOf(value, name, what) {
  if (value === undefined) {
    throw new TypeError(`${what}: ${name} needs a 'hash', e.g. { name: "${name}", ` +
        'hash: "SHA-256", ... }');
  }
  return hashOf(value, what);
}

// The number a public exponent's big-endian bytes make, or Infinity past 32 bits.
function exponentValue(bytes) {
  let value = 0;
  for (let i = 0; i < byteLength(bytes); i++) {
    value = value * 256 + bytes[i];
    if (value > 0xffffffff) return Infinity;
  }
  return value;
}

// The RSA checks Workers makes of imported keys (a modulus of 256 to 16384 bits, counted in
// whole bytes, and an exponent of 3, 17, 37 or 65537), then shoal's bound on the modulus.
function checkRsaImport(bits, exponent, what) {
  const roundedBits = Math.ceil(bits / 8) * 8;
  if (roundedBits < 256 || roundedBits > 16384) {
    throw new DOMException(`${what}: an RSA modulus is 256 to 16384 bits long, not ${bits}`,
        "OperationError");
  }
  const e = exponentValue(exponent);
  if (e !== 3 && e !== 17 && e !== 37 && e !== 65537) {
    throw new DOMException(`${what}: the key's public exponent is not 3, 17, 37 or 65537`,
        "OperationError");
  }
  if (bits > RSA_MAX_IMPORT_BITS) {
    throw new DOMException(`${what}: shoal takes RSA keys of up to ${RSA_MAX_IMPORT_BITS} ` +
        "bits: their operations run where the CPU limit cannot stop them", "NotSupportedError");
  }
}

// A key pair of `name`'s. Each member of the parameters is read once.
function generatePair(name, algorithm, extractable, keyUsages, what) {
  const [privateUsages, publicUsages] = PAIR_USAGES[name];
  let family = name;
  let keyAlgorithm = () => ({ name });
  let bits = 0;
  let exponent = new U8(0);
  if (name === "ECDSA" || name === "ECDH") {
    family = namedCurveOf(algorithm, name, what);
    keyAlgorithm = () => ({ name, namedCurve: family });
  } else if (name !== "X25519") {
    family = "RSA";
    if (typeof algorithm !== "object") {
      throw new TypeError(`${what}: ${name} needs { name: "${name}", modulusLength, ` +
          "publicExponent, hash }");
    }
    const params = { publicExponent: algorithm.publicExponent, hash: algorithm.hash,
                     modulusLength: algorithm.modulusLength };
    for (const member of ["publicExponent", "hash", "modulusLength"]) {
      if (params[member] === undefined) throw new TypeError(`${what}: ${name} needs '${member}'`);
    }
    exponent = copyBytes(params.publicExponent, `${what}: publicExponent`);
    bits = Number(params.modulusLength);
    if (!Number.isInteger(bits) || bits <= 0) {
      throw new DOMException(`${what}: modulusLength must be a positive number of bits`,
          "OperationError");
    }
    const hash = rsaHashOf(params.hash, name, what);
    keyAlgorithm = () => ({ name, modulusLength: bits, publicExponent: new U8(exponent),
                            hash: freeze({ name: hash.name }) });
  }
  const usages = checkUsages(keyUsages, [...privateUsages, ...publicUsages], what, `a ${name}`,
      { mayBeEmpty: true });
  if (family === "RSA") {
    if (bits % 8 !== 0 || bits < 256 || bits > 16384) {
      throw new DOMException(`${what}: modulusLength is 256 to 16384 bits, a multiple of 8, ` +
          `not ${bits}`, "OperationError");
    }
    const e = exponentValue(exponent);
    if (e !== 3 && e !== 65537) {
      throw new DOMException(`${what}: publicExponent must be 3 or 65537 (as [1, 0, 1])`,
          "OperationError");
    }
    if (bits % 128 !== 0) {
      throw new DOMException(`${what}: modulusLength must be a multiple of 128 bits`,
          "OperationError");
    }
    if (bits < RSA_MIN_GENERATE_BITS || bits > RSA_MAX_GENERATE_BITS) {
      throw new DOMException(`${what}: shoal generates RSA keys of ${RSA_MIN_GENERATE_BITS} ` +
          `to ${RSA_MAX_GENERATE_BITS} bits: generation runs where the CPU limit cannot stop ` +
          "it", "NotSupportedError");
    }
  }
  const privateKeyUsages = usages.filter((u) => has(privateUsages, u));
  if (privateKeyUsages.length === 0) {
    throw new DOMException(`${what}: a ${name} key pair needs a private key usage ` +
        `(${privateUsages.join(", ")})`, "SyntaxError");
  }
  const pair = native.pkeyGenerate(family, bits, exponent);
  if (pair === undefined) {
    throw new DOMException(`${what}: RSA key generation ran out of CPU time`, "OperationError");
  }
  return {
    publicKey: newPairKey("public", new U8(pair[1]), keyAlgorithm(), true,
        usages.filter((u) => has(publicUsages, u))),
    privateKey: newPairKey("private", new U8(pair[0]), keyAlgorithm(), extractable,
        privateKeyUsages),
  };
}

// A JWK member for the natives, decoded, or undefined when absent. Only captured intrinsics
// touch it: an unwrapped private key passes through here.
function jwkMember(jwk, name, what) {
  const text = jwk[name];
  return text === undefined ? undefined : fromBase64url(text, what, name);
}

function importPair(name, format, keyData, algorithm, extractable, keyUsages, what) {
  const [privateUsages, publicUsages] = PAIR_USAGES[name];
  let family = name;
  let hash;
  if (name === "ECDSA" || name === "ECDH") {
    family = namedCurveOf(algorithm, name, what);
  } else if (name !== "X25519") {
    family = "RSA";
    hash = rsaHashOf(typeof algorithm === "object" ? algorithm.hash : undefined, name, what);
  }
  let isPrivate;
  let data;
  if (format === "raw" && family !== "RSA") {
    isPrivate = false;
    data = copyBytes(keyData, `${what}: keyData`);
  } else if (format === "spki" || format === "pkcs8") {
    isPrivate = format === "pkcs8";
    data = copyBytes(keyData, `${what}: keyData`);
  } else if (format === "jwk") {
    if (keyData === null || typeof keyData !== "object") {
      throw new TypeError(`${what}: a 'jwk' key must be an object`);
    }
    isPrivate = keyData.d !== undefined;
  } else {
    throw new DOMException(`${what}: ${name} keys are imported as ` +
        `${family === "RSA" ? "" : "'raw', "}'spki', 'pkcs8' or 'jwk', not '${format}'`,
        "NotSupportedError");
  }
  const usages = isPrivate
      ? checkUsages(keyUsages, privateUsages, what, `a ${name} private`)
      : checkUsages(keyUsages, publicUsages, what, `a ${name} public`, { mayBeEmpty: true });
  if (format === "jwk") {
    const kty = family === "X25519" ? "OKP" : family === "RSA" ? "RSA" : "EC";
    checkJwk(keyData, kty, PAIR_JWK_USE[name], name, usages, extractable, what);
    const alg = keyData.alg;
    if (family === "X25519") {
      if (keyData.crv === undefined) {
        throw new DOMException(`${what}: the JWK has no 'crv'`, "DataError");
      }
      if (keyData.crv !== "X25519") {
        throw new DOMException(`${what}: the JWK's crv is ${jsonStringify(keyData.crv)}, ` +
            'not "X25519"', "NotSupportedError");
      }
      data = [jwkMember(keyData, "x", what), jwkMember(keyData, "d", what)];
    } else if (family === "RSA") {
      if (alg !== undefined) {
        const algHash = RSA_JWK_HASHES.get(alg);
        if (algHash === undefined) {
          throw new DOMException(`${what}: the JWK's alg ${jsonStringify(alg)} is not an RSA ` +
              "algorithm", "NotSupportedError");
        }
        if (algHash !== hash.name) {
          throw new DOMException(`${what}: the JWK's alg ${jsonStringify(alg)} is not for ` +
              hash.name, "DataError");
        }
      }
      if (keyData.oth !== undefined) {
        throw new DOMException(`${what}: RSA keys with more than two primes are not supported`,
            "NotSupportedError");
      }
      // An array literal, not pushes: Array.prototype's setters must not see the members.
      data = [
        jwkMember(keyData, "n", what), jwkMember(keyData, "e", what),
        jwkMember(keyData, "d", what), jwkMember(keyData, "p", what),
        jwkMember(keyData, "q", what), jwkMember(keyData, "dp", what),
        jwkMember(keyData, "dq", what), jwkMember(keyData, "qi", what),
      ];
    } else {
      if (name === "ECDSA" && alg !== undefined) {
        if (!has(["ES256", "ES384", "ES512"], alg)) {
          throw new DOMException(`${what}: the JWK's alg ${jsonStringify(alg)} is not an ` +
              "ECDSA algorithm", "NotSupportedError");
        }
        if (alg !== ECDSA_JWK_ALG[family]) {
          throw new DOMException(`${what}: the JWK's alg ${jsonStringify(alg)} is not for ` +
              family, "DataError");
        }
      }
      if (keyData.crv !== family) {
        throw new DOMException(`${what}: the JWK's crv is ${jsonStringify(keyData.crv)}, not ` +
            `"${family}"`, "DataError");
      }
      data = [jwkMember(keyData, "x", what), jwkMember(keyData, "y", what),
        jwkMember(keyData, "d", what)];
    }
  }
  const imported = native.pkeyImport(family, format, data);
  if (typeof imported === "string") {
    throw new DOMException(`${what}: ${imported}`, "DataError");
  }
  let keyAlgorithm = { name };
  if (family === "RSA") {
    const exponent = new U8(imported[2]);
    checkRsaImport(imported[1], exponent, what);
    keyAlgorithm = { name, modulusLength: imported[1], publicExponent: exponent,
                     hash: freeze({ name: hash.name }) };
  } else if (family !== "X25519") {
    keyAlgorithm = { name, namedCurve: family };
  }
  return newPairKey(isPrivate ? "private" : "public", new U8(imported[0]), keyAlgorithm,
      extractable, usages);
}

function exportPair(format, { type, secret, algorithm, usages }, what) {
  const family = familyOf(algorithm);
  const wrongType = () => new DOMException(
      `${what}: a ${type} ${algorithm.name} key cannot be exported as '${format}'`,
      "InvalidAccessError");
  const exported = (format) => {
    const out = native.pkeyExport(family, secret, type === "private", format);
    if (out === undefined) {
      throw new DOMException(`${what}: this ${algorithm.name} key cannot be exported as ` +
          `'${format}'`, "OperationError");
    }
    return out;
  };
  switch (format) {
    case "spki":
    case "pkcs8":
      if (type !== (format === "spki" ? "public" : "private")) throw wrongType();
      return exported(format);
    case "raw":
      if (type !== "public" || family === "RSA") throw wrongType();
      return exported("raw");
    case "jwk": {
      const members = exported("jwk");
      const text = (i) => base64url(new U8(members[i]));
      let jwk;  // members in Workers' order
      if (family === "RSA") {
        jwk = { kty: "RSA", key_ops: [...usages], alg: rsaJwkAlg(algorithm.name,
            algorithm.hash.name), ext: true };
        if (type === "private") jwk.d = text(2);
        jwk.n = text(0);
        jwk.e = text(1);
        if (type === "private" && members.length === 8) {  // a key imported with the factors
          jwk.p = text(3);
          jwk.q = text(4);
          jwk.dp = text(5);
          jwk.dq = text(6);
          jwk.qi = text(7);
        }
      } else if (family === "X25519") {
        jwk = { kty: "OKP", key_ops: [...usages], ext: true, crv: "X25519", x: text(0) };
        if (type === "private") jwk.d = text(1);
      } else {
        jwk = { kty: "EC", key_ops: [...usages], ext: true, crv: family, x: text(0),
                y: text(1) };
        if (type === "private") jwk.d = text(2);
      }
      return jwk;
    }
  }
  throw new DOMException(`${what}: '${format}' is not a key format`, "NotSupportedError");
}

// ECDSA, RSASSA-PKCS1-v1_5 or RSA-PSS: [hashName, saltLength]. ECDSA names its hash at each
// call; RSA keys carry theirs.
function signatureParams(algorithm, keyAlgorithm, what) {
  const name = keyAlgorithm.name;
  if (name === "ECDSA") {
    const hash = typeof algorithm === "object" ? algorithm.hash : undefined;
    if (hash === undefined) {
      throw new TypeError(`${what}: ECDSA needs a 'hash' at each call, e.g. { name: "ECDSA", ` +
          'hash: "SHA-256" }');
    }
    return [hashOf(hash, what).name, 0];
  }
  if (name !== "RSA-PSS") return [keyAlgorithm.hash.name, 0];
  const value = typeof algorithm === "object" ? algorithm.saltLength : undefined;
  if (value === undefined) {
    throw new TypeError(`${what}: RSA-PSS needs a 'saltLength', e.g. { name: "RSA-PSS", ` +
        "saltLength: 32 }");
  }
  const saltLength = Number(value);
  if (!Number.isInteger(saltLength) || saltLength < 0 || saltLength > 0xffffffff) {
    throw new DOMException(`${what}: saltLength must be a number of bytes`, "DataError");
  }
  return [keyAlgorithm.hash.name, saltLength];
}

// ECDH or X25519: `length` bits (all of them when null) of the secret `parts`' private key
// shares with the `public` key in `algorithm`.
function agree(algorithm, parts, length, what) {
  const name = parts.algorithm.name;
  const peerValue = typeof algorithm === "object" ? algorithm.public : undefined;
  if (peerValue === undefined) {
    throw new TypeError(`${what}: ${name} needs the other party's key, e.g. { name: ` +
        `"${name}", public: theirPublicKey }`);
  }
  const peer = keyInternals(peerValue);
  if (peer === null) throw new TypeError(`${what}: 'public' must be a CryptoKey`);
  if (peer.type !== "public") {
    throw new DOMException(`${what}: 'public' is a ${peer.type} key`, "InvalidAccessError");
  }
  if (peer.algorithm.name !== name || peer.algorithm.namedCurve !== parts.algorithm.namedCurve) {
    throw new DOMException(`${what}: 'public' is a ${peer.algorithm.name} key` +
        `${peer.algorithm.namedCurve ? ` on ${peer.algorithm.namedCurve}` : ""}, not for ` +
        `${name}${parts.algorithm.namedCurve ? ` on ${parts.algorithm.namedCurve}` : ""}`,
        "InvalidAccessError");
  }
  const shared = native.pkeyDerive(familyOf(parts.algorithm), parts.secret, peer.secret);
  if (shared === undefined) {
    throw new DOMException(`${what}: the keys share no secret (a public key of small order?)`,
        "OperationError");
  }
  const secret = new U8(shared);
  const available = byteLength(secret) * 8;
  const bits = length === null || length === undefined ? available : Number(length);
  if (!Number.isInteger(bits) || bits < 0) {
    throw new TypeError(`${what}: length must be a number of bits`);
  }
  if (bits > available) {
    throw new DOMException(`${what}: ${name} derives at most ${available} bits here, not ` +
        bits, "OperationError");
  }
  const out = new U8((bits + 7) >> 3);
  for (let i = 0; i < byteLength(out); i++) out[i] = secret[i];
  if (bits % 8 !== 0) out[byteLength(out) - 1] &= 0xff << (8 - bits % 8);
  return apply(bufferGetter, out, []);
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

// encrypt/decrypt (and wrapKey/unwrapKey, as `usage` says) with an AES or RSA-OAEP key; AES-KW
// only wraps.
function cipher(encrypt, algorithm, key, data, what, usage = encrypt ? "encrypt" : "decrypt") {
  const wrapping = usage === "wrapKey" || usage === "unwrapKey";
  const name = spelled(algorithmName(algorithm, what), ["RSA-OAEP", "AES-KW"]);
  if (name === "RSA-OAEP") {
    const { secret, algorithm: { hash } } = keyFor(algorithm, key, usage, ["RSA-OAEP"], what);
    const labelValue = typeof algorithm === "object" ? algorithm.label : undefined;
    const label = labelValue === undefined ? new U8(0) : copyBytes(labelValue, `${what}: label`);
    const out = native.rsaOaep(encrypt, hash.name, secret, copyBytes(data, `${what}: data`),
        label);
    if (out === undefined) {
      throw new DOMException(`${what}: the data could not be ${encrypt ? "en" : "de"}crypted ` +
          `with this RSA-OAEP key${encrypt ? " (too long?)" : " and label"}`, "OperationError");
    }
    return out;
  }
  if (name === "AES-KW" && wrapping) {
    const { secret } = keyFor(algorithm, key, usage, ["AES-KW"], what);
    const input = copyBytes(data, `${what}: data`);
    const out = native.aes("AES-KW", encrypt, secret, new U8(0), input, new U8(0), 0);
    if (out === undefined) {
      throw new DOMException(encrypt
          ? `${what}: AES-KW wraps keys of 16 bytes or more, in multiples of 8 bytes`
          : `${what}: the data could not be unwrapped with this key`, "OperationError");
    }
    return out;
  }
  return aesCipher(encrypt, algorithm, key, data, what, usage);
}

// importKey's and exportKey's work, shared with unwrapKey and wrapKey.
function importKey(format, keyData, algorithm, extractable, keyUsages, what) {
  format = String(format);
  const name = algorithmName(algorithm, what);
  if (format === "jwk" && keyData !== null && typeof keyData === "object" && !isView(keyData) &&
      !isArrayBuffer(keyData)) {
    keyData = jwkDictionary(keyData);
  }
  if (spelled(name, ["Ed25519"]) !== undefined) {
    return importEd25519(format, keyData, extractable, keyUsages, what);
  }
  const pairName = spelled(name, PAIR_NAMES);
  if (pairName !== undefined) {
    return importPair(pairName, format, keyData, algorithm, extractable, keyUsages, what);
  }
  if (format !== "raw" && format !== "jwk") {
    throw new DOMException(`${what}: shoal imports secret keys as 'raw' or 'jwk', not ` +
        `'${format}'`, "NotSupportedError");
  }
  const keyName = spelled(name, [...AES_NAMES, "PBKDF2", "HKDF", "HMAC"]) ?? name;
  if (format === "jwk" && (keyName === "PBKDF2" || keyName === "HKDF")) {
    throw new DOMException(`${what}: ${keyName} keys are imported as 'raw' only`,
        "NotSupportedError");
  }
  const secretOf = (usages) => format === "jwk"
      ? secretFromJwk(keyData, keyName, usages, extractable, what)
      : copyBytes(keyData, `${what}: keyData`);
  if (has(AES_NAMES, keyName)) {
    const usages = checkUsages(keyUsages, aesUsages(keyName), what, `an ${keyName}`);
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
  if (has(PAIR_NAMES, parts.algorithm.name)) return exportPair(format, parts, what);
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
      const pairName = spelled(algorithmName(algorithm, what), PAIR_NAMES);
      if (pairName !== undefined) {
        return generatePair(pairName, algorithm, extractable, keyUsages, what);
      }
      const aes = spelled(algorithmName(algorithm, what), AES_NAMES);
      if (aes !== undefined) {
        const usages = checkUsages(keyUsages, aesUsages(aes), what, `an ${aes}`);
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
      if (keyData !== null && keyData !== undefined && typeof keyData !== "object") {
        // Web IDL: neither a BufferSource nor a JsonWebKey dictionary.
        throw new TypeError("SubtleCrypto.importKey: keyData must be an ArrayBuffer, a view " +
            "or a JWK object");
      }
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
      return cipher(true, wrapAlgorithm, wrappingKey, bytes, what, "wrapKey");
    });
  }

  unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
            extractable, keyUsages) {
    return settle(() => {
      SubtleCrypto.#check(this, "unwrapKey");
      requireArgs(arguments.length, 7, "SubtleCrypto.unwrapKey");
      const what = "SubtleCrypto.unwrapKey";
      format = String(format);
      const bytes = cipher(false, unwrapAlgorithm, unwrappingKey, wrappedKey, what,
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
      const parts = keyFor(algorithm, key, "sign", SIGNERS, what);
      const { secret, algorithm: { name, hash } } = parts;
      if (name !== "HMAC" && name !== "Ed25519") {
        const [hashName, saltLength] = signatureParams(algorithm, parts.algorithm, what);
        const signature = native.pkeySign(name, familyOf(parts.algorithm), hashName, secret,
            copyBytes(data, `${what}: data`), saltLength);
        if (signature === undefined) {
          throw new DOMException(`${what}: this ${name} key cannot sign with ${hashName}` +
              `${name === "RSA-PSS" ? ` and a ${saltLength}-byte salt` : ""}: it is too small`,
              "OperationError");
        }
        return signature;
      }
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
      const parts = keyFor(algorithm, key, "verify", SIGNERS, what);
      const { secret, algorithm: { name, hash } } = parts;
      if (name !== "HMAC" && name !== "Ed25519") {
        const [hashName, saltLength] = signatureParams(algorithm, parts.algorithm, what);
        return native.pkeyVerify(name, familyOf(parts.algorithm), hashName, secret,
            copyBytes(signature, `${what}: signature`), copyBytes(data, `${what}: data`),
            saltLength);
      }
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
      return cipher(true, algorithm, key, data, "SubtleCrypto.encrypt");
    });
  }

  decrypt(algorithm, key, data) {
    return settle(() => {
      SubtleCrypto.#check(this, "decrypt");
      requireArgs(arguments.length, 3, "SubtleCrypto.decrypt");
      return cipher(false, algorithm, key, data, "SubtleCrypto.decrypt");
    });
  }

  deriveBits(algorithm, baseKey, length) {
    return settle(() => {
      SubtleCrypto.#check(this, "deriveBits");
      requireArgs(arguments.length, 3, "SubtleCrypto.deriveBits");
      const what = "SubtleCrypto.deriveBits";
      const parts = keyFor(algorithm, baseKey, "deriveBits", DERIVERS, what);
      if (has(PAIR_NAMES, parts.algorithm.name)) return agree(algorithm, parts, length, what);
      return derive(algorithm, parts.secret, length, what);
    });
  }

  deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
    return settle(() => {
      SubtleCrypto.#check(this, "deriveKey");
      requireArgs(arguments.length, 5, "SubtleCrypto.deriveKey");
      const what = "SubtleCrypto.deriveKey";
      const parts = keyFor(algorithm, baseKey, "deriveKey", DERIVERS, what);
      const bitsOf = (length) => has(PAIR_NAMES, parts.algorithm.name)
          ? agree(algorithm, parts, length, what)
          : derive(algorithm, parts.secret, length, what);
      const derivedName = algorithmName(derivedKeyType, what);
      const aes = spelled(derivedName, AES_NAMES);
      if (aes !== undefined) {
        const usages = checkUsages(keyUsages, aesUsages(aes), what, `an ${aes}`);
        const bits = bitsOf(aesKeyBits(derivedKeyType, aes, what));
        return newAesKey(new U8(bits), aes, extractable, usages);
      }
      const kdf = spelled(derivedName, ["HKDF", "PBKDF2"]);
      if (kdf !== undefined) {
        // A key for a derivation function takes the whole secret (length null).
        const usages = checkUsages(keyUsages, DERIVE_USAGES, what, `a ${kdf}`);
        if (extractable) newDerivationKey(new U8(0), kdf, extractable, usages, what);  // throws
        return newDerivationKey(new U8(bitsOf(null)), kdf, false, usages, what);
      }
      const { hash, length } = hmacParams(derivedKeyType, what);
      const usages = checkUsages(keyUsages, HMAC_USAGES, what, "an HMAC");
      const bits = bitsOf(length ?? hash.blockBits);
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
