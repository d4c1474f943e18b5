// TextEncoder, TextDecoder (WHATWG Encoding: UTF-8, UTF-16LE, UTF-16BE and windows-1252,
// the encodings of Workers' TextDecoder that a worker is likely to meet), atob and btoa (HTML
// forgiving-base64). The byte-level UTF-8 work is done by `native`.

const { DOMException } = internal;

// Web IDL DOMString conversion: like String(), but a Symbol is a TypeError.
const toDOMString = (value) => `${value}`;

// Web IDL dictionary conversion: undefined and null are an empty dictionary,
// anything else that is not an object is a TypeError.
function toDictionary(value, what) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeError(`${what}: the options argument must be an object`);
  }
  return value;
}

// AllowSharedBufferSource -> Uint8Array over the same bytes, or null. Works for
// buffers from other realms, which `instanceof` would miss.
const arrayBufferByteLength =
    Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
const sharedArrayBufferByteLength = typeof SharedArrayBuffer === "function"
    ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, "byteLength").get
    : null;
function isBufferOf(getter, value) {
  if (getter === null || value === null || typeof value !== "object") return false;
  try {
    getter.call(value);
    return true;
  } catch {
    return false;
  }
}
function bytesOf(value) {
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (isBufferOf(arrayBufferByteLength, value) ||
      isBufferOf(sharedArrayBufferByteLength, value)) {
    return new Uint8Array(value);
  }
  return null;
}
const isShared = (u8) => isBufferOf(sharedArrayBufferByteLength, u8.buffer);

// ---------------------------------------------------------------------------
// TextEncoder

class TextEncoder {
  #brand = true;

  constructor() {}

  get encoding() {
    TextEncoder.#check(this, "encoding");
    return "utf-8";
  }

  encode(input = "") {
    TextEncoder.#check(this, "encode");
    return native.utf8Encode(toDOMString(input));
  }

  encodeInto(source, destination) {
    TextEncoder.#check(this, "encodeInto");
    if (arguments.length < 2) {
      throw new TypeError(
          "TextEncoder.encodeInto: 2 arguments required (a string and a Uint8Array)");
    }
    const string = toDOMString(source);
    if (!(ArrayBuffer.isView(destination) &&
          Object.prototype.toString.call(destination) === "[object Uint8Array]")) {
      throw new TypeError("TextEncoder.encodeInto: the destination must be a Uint8Array");
    }
    const [read, written] = native.utf8EncodeInto(string, destination);
    return { read, written };
  }

  static #check(self, what) {
    if (!(self !== null && typeof self === "object" && #brand in self)) {
      throw new TypeError(`TextEncoder.${what}: 'this' is not a TextEncoder`);
    }
  }
}
for (const name of ["encoding", "encode", "encodeInto"]) {
  Object.defineProperty(TextEncoder.prototype, name, { enumerable: true });
}
internal.setToStringTag(TextEncoder, "TextEncoder");

// ---------------------------------------------------------------------------
// TextDecoder

// Every WHATWG label of the supported encodings, mapped to the encoding's name.
const ENCODING_OF_LABEL = new Map();
for (const [encoding, labels] of [
  ["utf-8", ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
    "x-unicode20utf8"]],
  ["utf-16be", ["unicodefffe", "utf-16be"]],
  ["utf-16le", ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16",
    "utf-16le"]],
  ["windows-1252", ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819",
    "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1",
    "latin1", "us-ascii", "windows-1252", "x-cp1252"]],
]) {
  for (const label of labels) ENCODING_OF_LABEL.set(label, encoding);
}

// index-windows-1252 for bytes 0x80 to 0x9F; every other byte is the code point of its value.
const WINDOWS_1252_HIGH = new Uint16Array([
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
]);

function windows1252Decode(bytes) {
  const out = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    out[i] = b >= 0x80 && b < 0xa0 ? WINDOWS_1252_HIGH[b - 0x80] : b;
  }
  return stringFromCodes(out);
}

// The Encoding Standard's shared UTF-16 decoder. `state` ({ leadByte, leadSurrogate }, -1 for
// none) carries an incomplete code unit or surrogate pair from one call to the next; `flush`
// ends the stream. An error is U+FFFD, or a TypeError when `fatal`.
function utf16Decode(bytes, state, bigEndian, flush, fatal) {
  const out = new Uint16Array(bytes.length + 4);
  let o = 0;
  let { leadByte, leadSurrogate } = state;
  const error = () => {
    if (fatal) {
      throw new TypeError(`TextDecoder.decode: the input is not valid UTF-16${
        bigEndian ? "BE" : "LE"} (the decoder was created with fatal: true)`);
    }
    out[o++] = 0xfffd;
  };
  for (let i = 0; i < bytes.length; i++) {
    if (leadByte < 0) {
      leadByte = bytes[i];
      continue;
    }
    const unit = bigEndian ? (leadByte << 8) | bytes[i] : (bytes[i] << 8) | leadByte;
    leadByte = -1;
    if (leadSurrogate >= 0) {
      const lead = leadSurrogate;
      leadSurrogate = -1;
      if (unit >= 0xdc00 && unit <= 0xdfff) {
        out[o++] = lead;
        out[o++] = unit;
        continue;
      }
      error();  // then `unit` is decoded on its own, below
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      leadSurrogate = unit;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      error();
    } else {
      out[o++] = unit;
    }
  }
  if (flush && (leadByte >= 0 || leadSurrogate >= 0)) {
    leadByte = -1;
    leadSurrogate = -1;
    error();
  }
  state.leadByte = leadByte;
  state.leadSurrogate = leadSurrogate;
  return stringFromCodes(out.subarray(0, o));
}

// Strips leading and trailing ASCII whitespace (TAB, LF, FF, CR, SPACE), and
// lower-cases ASCII letters only, as the Encoding Standard's "get an encoding" does.
function normalizeLabel(label) {
  return label.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "")
      .replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x20));
}

// Length of the incomplete-but-so-far-valid UTF-8 sequence at the end of `bytes`
// (0 to 3). Bytes of a sequence that is already invalid are not held back: the
// decoder would turn them into U+FFFD whatever follows.
function incompleteTailLength(bytes) {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const lead = bytes[n - back];
    if (lead >= 0x80 && lead <= 0xbf) continue;  // continuation byte: look further back
    let needed;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 2;
    else if (lead >= 0xe0 && lead <= 0xef) needed = 3;
    else if (lead >= 0xf0 && lead <= 0xf4) needed = 4;
    else return 0;  // ASCII or an invalid lead byte
    if (back >= needed) return 0;  // complete (or over-long run of continuations)
    if (back >= 2) {
      // The second byte has a narrower range after some lead bytes.
      const second = bytes[n - back + 1];
      let lo = 0x80, hi = 0xbf;
      if (lead === 0xe0) lo = 0xa0;
      else if (lead === 0xed) hi = 0x9f;
      else if (lead === 0xf0) lo = 0x90;
      else if (lead === 0xf4) hi = 0x8f;
      if (second < lo || second > hi) return 0;
    }
    return back;
  }
  return 0;
}

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = null;   // utf-8: Uint8Array of held-back bytes of an incomplete sequence
  #utf16 = { leadByte: -1, leadSurrogate: -1 };  // utf-16: state between stream chunks
  #bomSeen = false;  // true once the stream has produced its first code point

  constructor(label = "utf-8", options = undefined) {
    const normalized = normalizeLabel(toDOMString(label));
    const encoding = ENCODING_OF_LABEL.get(normalized);
    if (encoding === undefined) {
      throw new RangeError(
          `TextDecoder: the encoding label "${label}" is not supported; the supported ` +
          `encodings are utf-8, utf-16le, utf-16be and windows-1252 (latin1), with their ` +
          `standard labels`);
    }
    if (options === null) {
      // Workers rejects null here (Web IDL would treat it as {}).
      throw new TypeError("TextDecoder: the options argument must be an object or undefined");
    }
    const dict = toDictionary(options, "TextDecoder");
    this.#encoding = encoding;
    this.#fatal = Boolean(dict.fatal);
    this.#ignoreBOM = Boolean(dict.ignoreBOM);
  }

  get encoding() {
    TextDecoder.#check(this, "encoding");
    return this.#encoding;
  }

  get fatal() {
    TextDecoder.#check(this, "fatal");
    return this.#fatal;
  }

  get ignoreBOM() {
    TextDecoder.#check(this, "ignoreBOM");
    return this.#ignoreBOM;
  }

  decode(input = undefined, options = undefined) {
    TextDecoder.#check(this, "decode");
    let bytes;
    if (input === undefined) {
      bytes = new Uint8Array(0);
    } else {
      bytes = bytesOf(input);
      if (bytes === null) {
        throw new TypeError(
            "TextDecoder.decode: the input must be an ArrayBuffer or an ArrayBuffer view " +
            "(such as a Uint8Array)");
      }
    }
    const stream = Boolean(toDictionary(options, "TextDecoder.decode").stream);

    let text;
    switch (this.#encoding) {
      case "utf-8":
        text = this.#decodeUtf8(bytes, stream);
        break;
      case "utf-16le":
      case "utf-16be":
        try {
          text = utf16Decode(bytes, this.#utf16, this.#encoding === "utf-16be", !stream,
              this.#fatal);
        } catch (error) {
          this.#endStream();  // a fatal error ends the stream: the next call starts a new one
          throw error;
        }
        break;
      default:
        text = windows1252Decode(bytes);  // single-byte: no state, no errors, no BOM
        if (!stream) this.#endStream();
        return text;
    }

    if (!this.#bomSeen && text.length > 0) {
      this.#bomSeen = true;
      if (!this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!stream) this.#endStream();
    return text;
  }

  #endStream() {
    this.#pending = null;
    this.#utf16.leadByte = -1;
    this.#utf16.leadSurrogate = -1;
    this.#bomSeen = false;
  }

  #decodeUtf8(bytes, stream) {
    if (this.#pending !== null) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    } else if (isShared(bytes)) {
      bytes = bytes.slice();  // native code gets a private copy of shared memory
    }

    if (stream) {
      const hold = incompleteTailLength(bytes);
      if (hold > 0) {
        this.#pending = bytes.slice(bytes.length - hold);
        bytes = bytes.subarray(0, bytes.length - hold);
      }
    }

    try {
      return native.utf8Decode(bytes, this.#fatal);
    } catch (error) {
      this.#endStream();  // a fatal error ends the stream: the next call starts a new one
      throw new TypeError(
          "TextDecoder.decode: the input is not valid UTF-8 (the decoder was created with " +
          "fatal: true)", { cause: error });
    }
  }

  static #check(self, what) {
    if (!(self !== null && typeof self === "object" && #fatal in self)) {
      throw new TypeError(`TextDecoder.${what}: 'this' is not a TextDecoder`);
    }
  }
}
for (const name of ["encoding", "fatal", "ignoreBOM", "decode"]) {
  Object.defineProperty(TextDecoder.prototype, name, { enumerable: true });
}
internal.setToStringTag(TextDecoder, "TextDecoder");

internal.defineGlobal("TextEncoder", TextEncoder);
internal.defineGlobal("TextDecoder", TextDecoder);
internal.TextDecoder = TextDecoder;  // streams.js: TextDecoderStream

// Helpers for fetch.js (bodies): UTF-8 encode a string; decode bytes non-fatally with a
// leading BOM stripped ("UTF-8 decode" in the Encoding Standard).
internal.utf8Encode = (string) => native.utf8Encode(String(string));
internal.utf8Decode = (bytes) => {
  let u8 = bytesOf(bytes);
  if (u8 === null) throw new TypeError("utf8Decode: expected bytes");
  if (isShared(u8)) u8 = u8.slice();
  const text = native.utf8Decode(u8, false);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

// ---------------------------------------------------------------------------
// atob / btoa

const BASE64_ALPHABET =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) BASE64_VALUES[BASE64_ALPHABET.charCodeAt(i)] = i;

// Builds a string from char codes without hitting the argument-count limit.
function stringFromCodes(codes) {
  const CHUNK = 0x2000;
  if (codes.length <= CHUNK) return String.fromCharCode.apply(null, codes);
  let out = "";
  for (let i = 0; i < codes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, codes.subarray(i, i + CHUNK));
  }
  return out;
}

// The messages Workers uses (tests compare them).
const ATOB_ERROR = "atob() called with invalid base64-encoded data. (Only whitespace, '+', " +
    "'/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length " +
    "is divisible by 4 are allowed.)";
const BTOA_ERROR = "btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.";

function atob(data) {
  if (arguments.length < 1) {
    throw new TypeError("atob: 1 argument required (the base64 string to decode)");
  }
  let s = toDOMString(data).replace(/[\t\n\f\r ]+/g, "");
  if (s.length % 4 === 0) {
    if (s.endsWith("==")) s = s.slice(0, -2);
    else if (s.endsWith("=")) s = s.slice(0, -1);
  }
  if (s.length % 4 === 1) throw new DOMException(ATOB_ERROR, "InvalidCharacterError");
  const out = new Uint8Array(Math.floor(s.length * 3 / 4));
  let bits = 0;
  let bitCount = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? BASE64_VALUES[c] : -1;
    if (v < 0) throw new DOMException(ATOB_ERROR, "InvalidCharacterError");
    bits = ((bits << 6) | v) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[o++] = (bits >> bitCount) & 0xff;
    }
  }
  return stringFromCodes(out.subarray(0, o));
}

function btoa(data) {
  if (arguments.length < 1) {
    throw new TypeError("btoa: 1 argument required (the string to encode)");
  }
  const s = toDOMString(data);
  const n = s.length;
  for (let i = 0; i < n; i++) {
    if (s.charCodeAt(i) > 0xff) throw new DOMException(BTOA_ERROR, "InvalidCharacterError");
  }
  const codes = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (s.charCodeAt(i) << 16) | (s.charCodeAt(i + 1) << 8) | s.charCodeAt(i + 2);
    codes[o++] = BASE64_ALPHABET.charCodeAt(v >> 18);
    codes[o++] = BASE64_ALPHABET.charCodeAt((v >> 12) & 63);
    codes[o++] = BASE64_ALPHABET.charCodeAt((v >> 6) & 63);
    codes[o++] = BASE64_ALPHABET.charCodeAt(v & 63);
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (s.charCodeAt(i) << 16) | (two ? s.charCodeAt(i + 1) << 8 : 0);
    codes[o++] = BASE64_ALPHABET.charCodeAt(v >> 18);
    codes[o++] = BASE64_ALPHABET.charCodeAt((v >> 12) & 63);
    codes[o++] = two ? BASE64_ALPHABET.charCodeAt((v >> 6) & 63) : 0x3d;
    codes[o++] = 0x3d;
  }
  return stringFromCodes(codes);
}

internal.atob = atob;
internal.btoa = btoa;
internal.stringFromCodes = stringFromCodes;
internal.defineGlobal("atob", atob);
internal.defineGlobal("btoa", btoa);
