// URL and URLSearchParams, per the WHATWG URL Standard (https://url.spec.whatwg.org/).
//
// The parser is the spec's "basic URL parser" state machine, run over the input's code
// points. URL records are plain objects; a host is kept in its serialized form (a domain,
// a dotted IPv4 address, "[...]" for IPv6, an opaque host, or "" for the empty host),
// since every use of a host in the standard either serializes it or compares it to "" or
// "localhost". A path is an array of segments, or a string when it is an opaque path.
//
// Only UTF-8 is supported as the query encoding, which is all the URL API ever uses.
//
// This follows the current standard, including two 2025 changes that older engines (e.g.
// Node 20's) lack: "^" is in the path percent-encode set, and an opaque path's space
// right before "?" or "#" is written "%20" (so opaque paths never need trailing-space
// stripping when the query or fragment is removed).

const { toUSVString, defineGlobal, setToStringTag, requireArgs } = internal;

// ---------------------------------------------------------------------------------------
// Code point helpers

const EOF = -1;

const isASCIIDigit = (c) => c >= 0x30 && c <= 0x39;
const isASCIIAlpha = (c) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
const isASCIIAlphanumeric = (c) => isASCIIDigit(c) || isASCIIAlpha(c);
const isASCIIHexDigit = (c) => isASCIIDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
const asciiLower = (c) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
const hexValue = (c) => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);

// A well-formed string as an array of code points (lone surrogates stay as they are, but
// every public entry point converts to a USVString first).
function toCodePoints(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    out.push(c);
  }
  return out;
}

function countCodePoints(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

const ASCII_CHARS = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
const fromCodePoint = (c) =>
  (c < 0x80 ? ASCII_CHARS[c] : c < 0x10000 ? String.fromCharCode(c) : String.fromCodePoint(c));

// USVString conversion as Web IDL does it: a Symbol cannot become a string.
function usv(value) {
  if (typeof value === "string" && value.isWellFormed?.()) return value;
  if (typeof value === "symbol") throw new TypeError("Cannot convert a Symbol value to a string");
  return toUSVString(value);
}

// ---------------------------------------------------------------------------------------
// Percent-encoding (spec section 1.3)

// Each ASCII code point gets one bit per percent-encode set it belongs to. Code points
// above U+007E are in every set (they are in the C0 control percent-encode set, which all
// the others include).
const C0_CONTROL_SET = 1;
const FRAGMENT_SET = 2;
const QUERY_SET = 4;
const SPECIAL_QUERY_SET = 8;
const PATH_SET = 16;
const USERINFO_SET = 32;
const COMPONENT_SET = 64;
const FORM_URLENCODED_SET = 128;

const ENCODE_SETS = new Uint8Array(128);
{
  const has = (chars, c) => chars.includes(String.fromCharCode(c));
  for (let c = 0; c < 128; c++) {
    const c0 = c < 0x20 || c > 0x7e;
    const fragment = c0 || has(" \"<>`", c);
    const query = c0 || has(" \"#<>", c);
    const specialQuery = query || c === 0x27;  // '
    const path = query || has("?^`{}", c);
    const userinfo = path || has("/:;=@[\\]|", c);
    const component = userinfo || has("$%&+,", c);
    const form = component || has("!'()~", c);
    ENCODE_SETS[c] = (c0 ? C0_CONTROL_SET : 0) | (fragment ? FRAGMENT_SET : 0) |
        (query ? QUERY_SET : 0) | (specialQuery ? SPECIAL_QUERY_SET : 0) |
        (path ? PATH_SET : 0) | (userinfo ? USERINFO_SET : 0) |
        (component ? COMPONENT_SET : 0) | (form ? FORM_URLENCODED_SET : 0);
  }
}

const inEncodeSet = (c, set) => c > 0x7e || (ENCODE_SETS[c] & set) !== 0;

// For the parser's fast paths: code points the path (opaque path) state just appends.
// "/" and "\" end a segment ("\" only in special URLs, but it is never plain here);
// "?" and "#" are in the path percent-encode set anyway.
const isPlainInPath = (c) =>
  c <= 0x7e && (ENCODE_SETS[c] & PATH_SET) === 0 && c !== 0x2f && c !== 0x5c;
const isPlainInOpaquePath = (c) =>
  c <= 0x7e && (ENCODE_SETS[c] & C0_CONTROL_SET) === 0 && c !== 0x3f && c !== 0x23 && c !== 0x20;

const PERCENT_BYTE = Array.from({ length: 256 },
    (_, b) => "%" + (b < 16 ? "0" : "") + b.toString(16).toUpperCase());

// "%XX" for each byte of the UTF-8 encoding of code point c.
function percentEncodeUTF8(c) {
  if (c < 0x80) return PERCENT_BYTE[c];
  if (c < 0x800) return PERCENT_BYTE[0xc0 | (c >> 6)] + PERCENT_BYTE[0x80 | (c & 0x3f)];
  if (c < 0x10000) {
    return PERCENT_BYTE[0xe0 | (c >> 12)] + PERCENT_BYTE[0x80 | ((c >> 6) & 0x3f)] +
        PERCENT_BYTE[0x80 | (c & 0x3f)];
  }
  return PERCENT_BYTE[0xf0 | (c >> 18)] + PERCENT_BYTE[0x80 | ((c >> 12) & 0x3f)] +
      PERCENT_BYTE[0x80 | ((c >> 6) & 0x3f)] + PERCENT_BYTE[0x80 | (c & 0x3f)];
}

// "UTF-8 percent-encode" a code point.
const encodeCodePoint = (c, set) => (inEncodeSet(c, set) ? percentEncodeUTF8(c) : fromCodePoint(c));

// "UTF-8 percent-encode" a string ("percent-encode after encoding" with UTF-8), with
// spaceAsPlus for the application/x-www-form-urlencoded serializer.
function encodeString(s, set, spaceAsPlus = false) {
  let out = "";
  let start = 0;  // s[start, i) needs no encoding and is copied in one go
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c <= 0x7e && (ENCODE_SETS[c] & set) === 0) continue;
    out += s.slice(start, i);
    if (spaceAsPlus && c === 0x20) {
      out += "+";
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      out += percentEncodeUTF8(c);
    }
    start = i + 1;
  }
  return start === 0 ? s : out + s.slice(start);
}

// "percent-decode" a string: its UTF-8 bytes with each "%XX" replaced by byte 0xXX.
function percentDecodeToBytes(s) {
  const bytes = native.utf8Encode(s);
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && isASCIIHexDigit(bytes[i + 1]) &&
        isASCIIHexDigit(bytes[i + 2])) {
      out[n++] = hexValue(bytes[i + 1]) * 16 + hexValue(bytes[i + 2]);
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}

// Percent-decode, then "UTF-8 decode without BOM".
function percentDecodeString(s) {
  if (!s.includes("%")) return s;
  return native.utf8Decode(percentDecodeToBytes(s), false);
}

// ---------------------------------------------------------------------------------------
// Hosts (spec section 3)

const FAILURE = null;

// forbidden host code point: U+0000, TAB, LF, CR, SPACE, # / : < > ? @ [ \ ] ^ |
const FORBIDDEN_HOST = /[\u0000\t\n\r #/:<>?@[\\\]^|]/;
// forbidden domain code point: the above, C0 controls, %, U+007F
const FORBIDDEN_DOMAIN = /[\u0000-\u0020#/:<>?@[\\\]^|%\u007f]/;

// "IPv4 number parser": returns the number, or FAILURE.
function parseIPv4Number(s) {
  if (s === "") return FAILURE;
  let radix = 10;
  if (s.length >= 2 && s[0] === "0" && (s[1] === "x" || s[1] === "X")) {
    radix = 16;
    s = s.slice(2);
  } else if (s.length >= 2 && s[0] === "0") {
    radix = 8;
    s = s.slice(1);
  }
  if (s === "") return 0;
  const valid = radix === 10 ? /^[0-9]+$/ : radix === 16 ? /^[0-9A-Fa-f]+$/ : /^[0-7]+$/;
  if (!valid.test(s)) return FAILURE;
  // Values too large to be exact as doubles are far above every limit the caller checks.
  return parseInt(s, radix);
}

// "ends in a number checker"
function endsInANumber(s) {
  // Quick reject: the last label of a number ends in a digit, or in a hex digit or "x".
  const lastChar = s.charCodeAt(s.length - (s.endsWith(".") ? 2 : 1));
  if (!isASCIIHexDigit(lastChar) && (lastChar | 0x20) !== 0x78) return false;
  const parts = s.split(".");
  if (parts[parts.length - 1] === "") {
    if (parts.length === 1) return false;
    parts.pop();
  }
  const last = parts[parts.length - 1];
  if (last !== "" && /^[0-9]+$/.test(last)) return true;
  return parseIPv4Number(last) !== FAILURE;
}

// "IPv4 parser": returns the serialized address, or FAILURE.
function parseIPv4(s) {
  const parts = s.split(".");
  if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
  if (parts.length > 4) return FAILURE;
  const numbers = [];
  for (const part of parts) {
    const n = parseIPv4Number(part);
    if (n === FAILURE) return FAILURE;
    numbers.push(n);
  }
  for (let i = 0; i < numbers.length - 1; i++) {
    if (numbers[i] > 255) return FAILURE;
  }
  let ipv4 = numbers[numbers.length - 1];
  if (ipv4 >= 256 ** (5 - numbers.length)) return FAILURE;
  for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
  return serializeIPv4(ipv4);
}

function serializeIPv4(n) {
  const out = [];
  for (let i = 0; i < 4; i++) {
    out.unshift(String(n % 256));
    n = Math.floor(n / 256);
  }
  return out.join(".");
}

// "IPv6 parser" over the text between the brackets: returns the serialized address with
// brackets, or FAILURE.
function parseIPv6(s) {
  const input = toCodePoints(s);
  const at = (i) => (i < input.length ? input[i] : EOF);
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0;
  let compress = null;
  let pointer = 0;

  if (at(pointer) === 0x3a) {  // ':'
    if (at(pointer + 1) !== 0x3a) return FAILURE;
    pointer += 2;
    pieceIndex++;
    compress = pieceIndex;
  }
  while (at(pointer) !== EOF) {
    if (pieceIndex === 8) return FAILURE;
    if (at(pointer) === 0x3a) {
      if (compress !== null) return FAILURE;
      pointer++;
      pieceIndex++;
      compress = pieceIndex;
      continue;
    }
    let value = 0;
    let length = 0;
    while (length < 4 && isASCIIHexDigit(at(pointer))) {
      value = value * 16 + hexValue(at(pointer));
      pointer++;
      length++;
    }
    if (at(pointer) === 0x2e) {  // '.': an embedded IPv4 address fills the last 2 pieces
      if (length === 0) return FAILURE;
      pointer -= length;
      if (pieceIndex > 6) return FAILURE;
      let numbersSeen = 0;
      while (at(pointer) !== EOF) {
        let ipv4Piece = null;
        if (numbersSeen > 0) {
          if (at(pointer) === 0x2e && numbersSeen < 4) pointer++;
          else return FAILURE;
        }
        if (!isASCIIDigit(at(pointer))) return FAILURE;
        while (isASCIIDigit(at(pointer))) {
          const number = at(pointer) - 0x30;
          if (ipv4Piece === null) ipv4Piece = number;
          else if (ipv4Piece === 0) return FAILURE;  // no leading zeros
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return FAILURE;
          pointer++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return FAILURE;
      break;
    } else if (at(pointer) === 0x3a) {
      pointer++;
      if (at(pointer) === EOF) return FAILURE;
    } else if (at(pointer) !== EOF) {
      return FAILURE;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== null) {
    // Move the pieces after "::" to the end.
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const j = compress + swaps - 1;
      [address[pieceIndex], address[j]] = [address[j], address[pieceIndex]];
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return FAILURE;
  }
  return serializeIPv6(address);
}

// IPv6 serializer: the first longest run (length >= 2) of zero pieces becomes "::".
function serializeIPv6(address) {
  let compress = null;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (address[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLength) {
      bestLength = j - i;
      compress = i;
    }
    i = j;
  }
  let out = "[";
  let ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && address[i] === 0) continue;
    ignore0 = false;
    if (compress === i) {
      out += i === 0 ? "::" : ":";
      ignore0 = true;
      continue;
    }
    out += address[i].toString(16);
    if (i !== 7) out += ":";
  }
  return out + "]";
}

// "opaque-host parser"
function parseOpaqueHost(s) {
  if (FORBIDDEN_HOST.test(s)) return FAILURE;
  return encodeString(s, C0_CONTROL_SET);
}

// "domain to ASCII" with beStrict false.
function domainToASCII(domain) {
  let result;
  // Spec fast path: an ASCII domain with no "xn--" label only needs lowercasing.
  if (/^[\u0000-\u007f]*$/.test(domain) && !/(?:^|\.)xn--/i.test(domain)) {
    result = domain.toLowerCase();
  } else {
    result = native.domainToASCII(domain);  // "" on failure
  }
  if (result === "" || FORBIDDEN_DOMAIN.test(result)) return FAILURE;
  return result;
}

// "host parser": returns the serialized host, or FAILURE.
function parseHost(input, isOpaque) {
  if (input.startsWith("[")) {
    if (!input.endsWith("]")) return FAILURE;
    return parseIPv6(input.slice(1, -1));
  }
  if (isOpaque) return parseOpaqueHost(input);
  const domain = percentDecodeString(input);
  const asciiDomain = domainToASCII(domain);
  if (asciiDomain === FAILURE) return FAILURE;
  if (endsInANumber(asciiDomain)) return parseIPv4(asciiDomain);
  return asciiDomain;
}

// ---------------------------------------------------------------------------------------
// URL records (spec section 4)

const SPECIAL_SCHEMES = new Map([
  ["ftp", 21], ["file", null], ["http", 80], ["https", 443], ["ws", 80], ["wss", 443],
]);
const isSpecialScheme = (scheme) => SPECIAL_SCHEMES.has(scheme);
const defaultPort = (scheme) => SPECIAL_SCHEMES.get(scheme) ?? null;

function newURLRecord() {
  return {
    scheme: "",
    username: "",
    password: "",
    host: null,  // serialized host, or null
    port: null,  // number, or null
    path: [],  // list of segments, or a string for an opaque path
    query: null,
    fragment: null,
  };
}

const isSpecial = (url) => isSpecialScheme(url.scheme);
const hasOpaquePath = (url) => typeof url.path === "string";
const includesCredentials = (url) => url.username !== "" || url.password !== "";
const cannotHaveUsernamePasswordPort = (url) =>
  url.host === null || url.host === "" || url.scheme === "file";

// Windows drive letter: an ASCII alpha followed by ":" or "|"; normalized: followed by ":".
const isWindowsDriveLetter = (s) =>
  s.length === 2 && isASCIIAlpha(s.charCodeAt(0)) && (s[1] === ":" || s[1] === "|");
const isNormalizedWindowsDriveLetter = (s) => isWindowsDriveLetter(s) && s[1] === ":";

// "starts with a Windows drive letter", for the code points cps[from...].
function startsWithWindowsDriveLetter(cps, from) {
  if (cps.length - from < 2) return false;
  if (!isASCIIAlpha(cps[from]) || (cps[from + 1] !== 0x3a && cps[from + 1] !== 0x7c)) {
    return false;
  }
  if (cps.length - from === 2) return true;
  const c = cps[from + 2];
  return c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23;  // / \ ? #
}

const isSingleDotSegment = (s) => s === "." || s.toLowerCase() === "%2e";
function isDoubleDotSegment(s) {
  switch (s.toLowerCase()) {
    case "..": case ".%2e": case "%2e.": case "%2e%2e": return true;
    default: return false;
  }
}

// "shorten a URL's path"
function shortenPath(url) {
  const path = url.path;
  if (url.scheme === "file" && path.length === 1 && isNormalizedWindowsDriveLetter(path[0])) {
    return;
  }
  path.pop();
}

// ---------------------------------------------------------------------------------------
// The basic URL parser (spec section 4.4)

const SCHEME_START = 1;
const SCHEME = 2;
const NO_SCHEME = 3;
const SPECIAL_RELATIVE_OR_AUTHORITY = 4;
const PATH_OR_AUTHORITY = 5;
const RELATIVE = 6;
const RELATIVE_SLASH = 7;
const SPECIAL_AUTHORITY_SLASHES = 8;
const SPECIAL_AUTHORITY_IGNORE_SLASHES = 9;
const AUTHORITY = 10;
const HOST = 11;
const HOSTNAME = 12;
const PORT = 13;
const FILE = 14;
const FILE_SLASH = 15;
const FILE_HOST = 16;
const PATH_START = 17;
const PATH = 18;
const OPAQUE_PATH = 19;
const QUERY = 20;
const FRAGMENT = 21;

// Returns the URL record, or FAILURE. With a state override (the setters), `url` is
// modified in place, and what the spec calls "return" (as opposed to "return failure")
// returns `url`; callers ignore the result then.
function basicURLParse(input, base = null, url = null, stateOverride = 0) {
  if (url === null) {
    url = newURLRecord();
    // Strip leading and trailing C0 control or space.
    input = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  }
  input = input.replace(/[\t\n\r]/g, "");

  const cps = toCodePoints(input);
  const length = cps.length;
  let state = stateOverride || SCHEME_START;
  let buffer = "";
  let atSignSeen = false;
  let insideBrackets = false;
  let passwordTokenSeen = false;
  let pointer = 0;
  let special = isSpecialScheme(url.scheme);  // kept in step with url.scheme
  // With no surrogate pairs, code point indices are also indices into `input`, and runs
  // of code points that need no work can be copied with input.slice().
  const bmp = length === input.length;

  for (;;) {
    const c = pointer < length ? cps[pointer] : EOF;
    // "remaining" starts at pointer + 1.
    const next = pointer + 1 < length ? cps[pointer + 1] : EOF;

    switch (state) {
      case SCHEME_START:
        if (isASCIIAlpha(c)) {
          buffer += String.fromCharCode(asciiLower(c));
          state = SCHEME;
        } else if (!stateOverride) {
          state = NO_SCHEME;
          pointer--;
        } else {
          return FAILURE;
        }
        break;

      case SCHEME:
        if (isASCIIAlphanumeric(c) || c === 0x2b || c === 0x2d || c === 0x2e) {  // + - .
          buffer += String.fromCharCode(asciiLower(c));
        } else if (c === 0x3a) {  // ':'
          if (stateOverride) {
            // The protocol setter cannot switch between special and non-special schemes,
            // make a URL with credentials or a port a file: URL, or change the scheme of a
            // file: URL with an empty host.
            if (special !== isSpecialScheme(buffer)) return url;
            if ((includesCredentials(url) || url.port !== null) && buffer === "file") return url;
            if (url.scheme === "file" && url.host === "") return url;
          }
          url.scheme = buffer;
          special = isSpecialScheme(buffer);
          if (stateOverride) {
            if (url.port === defaultPort(url.scheme)) url.port = null;
            return url;
          }
          buffer = "";
          if (url.scheme === "file") {
            state = FILE;
          } else if (special && base !== null && base.scheme === url.scheme) {
            state = SPECIAL_RELATIVE_OR_AUTHORITY;
          } else if (special) {
            state = SPECIAL_AUTHORITY_SLASHES;
          } else if (next === 0x2f) {
            state = PATH_OR_AUTHORITY;
            pointer++;
          } else {
            url.path = "";
            state = OPAQUE_PATH;
          }
        } else if (!stateOverride) {
          // Not a scheme after all: start over in the no scheme state.
          buffer = "";
          state = NO_SCHEME;
          pointer = -1;
        } else {
          return FAILURE;
        }
        break;

      case NO_SCHEME:
        if (base === null || (hasOpaquePath(base) && c !== 0x23)) {
          return FAILURE;
        } else if (hasOpaquePath(base) && c === 0x23) {
          url.scheme = base.scheme;
          special = isSpecialScheme(base.scheme);
          url.path = base.path;
          url.query = base.query;
          url.fragment = "";
          state = FRAGMENT;
        } else if (base.scheme !== "file") {
          state = RELATIVE;
          pointer--;
        } else {
          state = FILE;
          pointer--;
        }
        break;

      case SPECIAL_RELATIVE_OR_AUTHORITY:
        if (c === 0x2f && next === 0x2f) {
          state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = RELATIVE;
          pointer--;
        }
        break;

      case PATH_OR_AUTHORITY:
        if (c === 0x2f) {
          state = AUTHORITY;
        } else {
          state = PATH;
          pointer--;
        }
        break;

      case RELATIVE:
        url.scheme = base.scheme;
        special = isSpecialScheme(base.scheme);
        if (c === 0x2f || (special && c === 0x5c)) {
          state = RELATIVE_SLASH;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === 0x3f) {
            url.query = "";
            state = QUERY;
          } else if (c === 0x23) {
            url.fragment = "";
            state = FRAGMENT;
          } else if (c !== EOF) {
            url.query = null;
            shortenPath(url);
            state = PATH;
            pointer--;
          }
        }
        break;

      case RELATIVE_SLASH:
        if (special && (c === 0x2f || c === 0x5c)) {
          state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c === 0x2f) {
          state = AUTHORITY;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          state = PATH;
          pointer--;
        }
        break;

      case SPECIAL_AUTHORITY_SLASHES:
        state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
        if (c === 0x2f && next === 0x2f) pointer++;
        else pointer--;
        break;

      case SPECIAL_AUTHORITY_IGNORE_SLASHES:
        if (c !== 0x2f && c !== 0x5c) {
          state = AUTHORITY;
          pointer--;
        }
        break;

      case AUTHORITY:
        if (c === 0x40) {  // '@': everything so far was userinfo
          if (atSignSeen) buffer = "%40" + buffer;
          atSignSeen = true;
          for (const cp of toCodePoints(buffer)) {
            if (cp === 0x3a && !passwordTokenSeen) {
              passwordTokenSeen = true;
              continue;
            }
            const encoded = encodeCodePoint(cp, USERINFO_SET);
            if (passwordTokenSeen) url.password += encoded;
            else url.username += encoded;
          }
          buffer = "";
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 ||
                   (special && c === 0x5c)) {
          if (atSignSeen && buffer === "") return FAILURE;  // host-missing
          // Rewind to the start of the host and reparse it in the host state.
          pointer -= countCodePoints(buffer) + 1;
          buffer = "";
          state = HOST;
        } else {
          let end = pointer + 1;
          if (bmp) {
            // Fast path: take the run up to the next code point this state acts on.
            while (end < length) {
              const d = cps[end];
              if (d === 0x40 || d === 0x2f || d === 0x3f || d === 0x23 || d === 0x5c) break;
              end++;
            }
          }
          buffer += bmp ? input.slice(pointer, end) : fromCodePoint(c);
          pointer = end - 1;
        }
        break;

      case HOST:
      case HOSTNAME:
        if (stateOverride && url.scheme === "file") {
          pointer--;
          state = FILE_HOST;
        } else if (c === 0x3a && !insideBrackets) {
          if (buffer === "") return FAILURE;  // host-missing
          if (stateOverride === HOSTNAME) return FAILURE;
          const host = parseHost(buffer, !special);
          if (host === FAILURE) return FAILURE;
          url.host = host;
          buffer = "";
          state = PORT;
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 ||
                   (special && c === 0x5c)) {
          pointer--;
          if (special && buffer === "") {
            return FAILURE;  // host-missing
          } else if (stateOverride && buffer === "" &&
                     (includesCredentials(url) || url.port !== null)) {
            return FAILURE;
          }
          const host = parseHost(buffer, !special);
          if (host === FAILURE) return FAILURE;
          url.host = host;
          buffer = "";
          state = PATH_START;
          if (stateOverride) return url;
        } else {
          if (c === 0x5b) insideBrackets = true;
          if (c === 0x5d) insideBrackets = false;
          let end = pointer + 1;
          if (bmp) {
            // Fast path: take the run up to the next code point this state acts on.
            while (end < length) {
              const d = cps[end];
              if (d === 0x3a || d === 0x2f || d === 0x3f || d === 0x23 || d === 0x5c ||
                  d === 0x5b || d === 0x5d) {
                break;
              }
              end++;
            }
          }
          buffer += bmp ? input.slice(pointer, end) : fromCodePoint(c);
          pointer = end - 1;
        }
        break;

      case PORT:
        if (isASCIIDigit(c)) {
          buffer += String.fromCharCode(c);
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 ||
                   (special && c === 0x5c) || stateOverride) {
          if (buffer !== "") {
            const port = parseInt(buffer, 10);
            if (port > 65535) return FAILURE;  // port-out-of-range
            url.port = port === defaultPort(url.scheme) ? null : port;
            buffer = "";
            if (stateOverride) return url;
          }
          if (stateOverride) return FAILURE;
          state = PATH_START;
          pointer--;
        } else {
          return FAILURE;  // port-invalid
        }
        break;

      case FILE:
        url.scheme = "file";
        special = true;
        url.host = "";
        if (c === 0x2f || c === 0x5c) {
          state = FILE_SLASH;
        } else if (base !== null && base.scheme === "file") {
          url.host = base.host;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === 0x3f) {
            url.query = "";
            state = QUERY;
          } else if (c === 0x23) {
            url.fragment = "";
            state = FRAGMENT;
          } else if (c !== EOF) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(cps, pointer)) shortenPath(url);
            else url.path = [];
            state = PATH;
            pointer--;
          }
        } else {
          state = PATH;
          pointer--;
        }
        break;

      case FILE_SLASH:
        if (c === 0x2f || c === 0x5c) {
          state = FILE_HOST;
        } else {
          if (base !== null && base.scheme === "file") {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(cps, pointer) &&
                isNormalizedWindowsDriveLetter(base.path[0] ?? "")) {
              url.path.push(base.path[0]);
            }
          }
          state = PATH;
          pointer--;
        }
        break;

      case FILE_HOST:
        if (c === EOF || c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) {
          pointer--;
          if (!stateOverride && isWindowsDriveLetter(buffer)) {
            // Windows drive letter quirk: "file://C:/" is a path, not a host. The buffer
            // is deliberately kept and becomes the first path segment.
            state = PATH;
          } else if (buffer === "") {
            url.host = "";
            if (stateOverride) return url;
            state = PATH_START;
          } else {
            let host = parseHost(buffer, !special);
            if (host === FAILURE) return FAILURE;
            if (host === "localhost") host = "";
            url.host = host;
            if (stateOverride) return url;
            buffer = "";
            state = PATH_START;
          }
        } else {
          buffer += fromCodePoint(c);
        }
        break;

      case PATH_START:
        if (special) {
          state = PATH;
          if (c !== 0x2f && c !== 0x5c) pointer--;
        } else if (!stateOverride && c === 0x3f) {
          url.query = "";
          state = QUERY;
        } else if (!stateOverride && c === 0x23) {
          url.fragment = "";
          state = FRAGMENT;
        } else if (c !== EOF) {
          state = PATH;
          if (c !== 0x2f) pointer--;
        } else if (stateOverride && url.host === null) {
          url.path.push("");
        }
        break;

      case PATH: {
        const slashLike = c === 0x2f || (special && c === 0x5c);
        if (c === EOF || slashLike || (!stateOverride && (c === 0x3f || c === 0x23))) {
          if (isDoubleDotSegment(buffer)) {
            shortenPath(url);
            if (!slashLike) url.path.push("");
          } else if (isSingleDotSegment(buffer) && !slashLike) {
            url.path.push("");
          } else if (!isSingleDotSegment(buffer)) {
            if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(buffer)) {
              buffer = buffer[0] + ":";
            }
            url.path.push(buffer);
          }
          buffer = "";
          if (c === 0x3f) {
            url.query = "";
            state = QUERY;
          } else if (c === 0x23) {
            url.fragment = "";
            state = FRAGMENT;
          }
        } else {
          if (bmp) {
            // Fast path: a run of code points that end nothing and need no encoding.
            let end = pointer;
            while (end < length && isPlainInPath(cps[end])) end++;
            if (end > pointer) {
              buffer += input.slice(pointer, end);
              pointer = end - 1;
              break;
            }
          }
          buffer += encodeCodePoint(c, PATH_SET);
        }
        break;
      }

      case OPAQUE_PATH:
        if (c === 0x3f) {
          url.query = "";
          state = QUERY;
        } else if (c === 0x23) {
          url.fragment = "";
          state = FRAGMENT;
        } else if (c === 0x20) {
          // An opaque path never ends in a literal space, so that it round-trips even
          // once the query and fragment are removed.
          url.path += next === 0x3f || next === 0x23 ? "%20" : " ";
        } else if (c !== EOF) {
          if (bmp) {
            let end = pointer;
            while (end < length && isPlainInOpaquePath(cps[end])) end++;
            if (end > pointer) {
              url.path += input.slice(pointer, end);
              pointer = end - 1;
              break;
            }
          }
          url.path += encodeCodePoint(c, C0_CONTROL_SET);
        }
        break;

      case QUERY:
        if ((!stateOverride && c === 0x23) || c === EOF) {
          url.query += encodeString(buffer, special ? SPECIAL_QUERY_SET : QUERY_SET);
          buffer = "";
          if (c === 0x23) {
            url.fragment = "";
            state = FRAGMENT;
          }
        } else if (bmp) {
          // Everything up to "#" (or the end) goes into the buffer.
          let end = stateOverride ? -1 : cps.indexOf(0x23, pointer);
          if (end === -1) end = length;
          buffer += input.slice(pointer, end);
          pointer = end - 1;
        } else {
          buffer += fromCodePoint(c);
        }
        break;

      case FRAGMENT:
        if (c === EOF) break;
        if (bmp) {
          // The fragment runs to the end of the input.
          url.fragment += encodeString(input.slice(pointer), FRAGMENT_SET);
          pointer = length - 1;
        } else {
          url.fragment += encodeCodePoint(c, FRAGMENT_SET);
        }
        break;
    }

    if (pointer >= length) break;  // the state machine has seen EOF
    pointer++;
  }
  return url;
}

// "URL parser" with a base URL given as a string (or undefined). Inputs are converted
// to USVStrings by the caller.
function parseURL(input, base) {
  let parsedBase = null;
  if (base !== undefined) {
    parsedBase = basicURLParse(base);
    if (parsedBase === FAILURE) return FAILURE;
  }
  return basicURLParse(input, parsedBase);
}

// ---------------------------------------------------------------------------------------
// Serializers (spec sections 4.5 and 4.6)

function serializePath(url) {
  if (hasOpaquePath(url)) return url.path;
  let out = "";
  for (const segment of url.path) out += "/" + segment;
  return out;
}

function serializeURL(url, excludeFragment = false) {
  let out = url.scheme + ":";
  if (url.host !== null) {
    out += "//";
    if (includesCredentials(url)) {
      out += url.username;
      if (url.password !== "") out += ":" + url.password;
      out += "@";
    }
    out += url.host;
    if (url.port !== null) out += ":" + url.port;
  }
  // "/." keeps a path starting with an empty segment from reading as an authority.
  if (url.host === null && !hasOpaquePath(url) && url.path.length > 1 && url.path[0] === "") {
    out += "/.";
  }
  out += serializePath(url);
  if (url.query !== null) out += "?" + url.query;
  if (!excludeFragment && url.fragment !== null) out += "#" + url.fragment;
  return out;
}

// The serialization of a URL's origin; "null" for an opaque origin.
function serializeOrigin(url) {
  switch (url.scheme) {
    case "blob": {
      // There is no blob URL store here, so the origin comes from the path.
      const pathURL = basicURLParse(serializePath(url));
      if (pathURL === FAILURE) return "null";
      if (pathURL.scheme === "http" || pathURL.scheme === "https" || pathURL.scheme === "file") {
        return serializeOrigin(pathURL);
      }
      return "null";
    }
    case "ftp": case "http": case "https": case "ws": case "wss":
      return url.scheme + "://" + url.host + (url.port !== null ? ":" + url.port : "");
    default:
      // "file" is "left as an exercise to the reader": an opaque origin, as in browsers.
      return "null";
  }
}

// ---------------------------------------------------------------------------------------
// application/x-www-form-urlencoded (spec section 5)

// The parser, over a string (the bytes are its UTF-8 encoding): a list of [name, value].
function parseUrlencoded(input) {
  const list = [];
  for (const sequence of input.split("&")) {
    if (sequence === "") continue;
    const eq = sequence.indexOf("=");
    const name = eq === -1 ? sequence : sequence.slice(0, eq);
    const value = eq === -1 ? "" : sequence.slice(eq + 1);
    list.push([
      percentDecodeString(name.replace(/\+/g, " ")),
      percentDecodeString(value.replace(/\+/g, " ")),
    ]);
  }
  return list;
}

function serializeUrlencoded(list) {
  let out = "";
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += "&";
    out += encodeString(list[i][0], FORM_URLENCODED_SET, true) + "=" +
        encodeString(list[i][1], FORM_URLENCODED_SET, true);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// URLSearchParams (spec section 6.2)

// Cross-class access to private state, assigned in the classes' static blocks.
let urlRecordOf;  // (URL) -> its URL record
let newLinkedSearchParams;  // (URL, query string or null) -> URLSearchParams
let setSearchParamsList;  // (URLSearchParams, query string or null) -> void
let isURLSearchParams;
let iteratorTarget;  // (URLSearchParams) -> its list, for the iterator
let adoptedRecord = null;  // a record for the next URL constructor call (URL.parse)

const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

class URLSearchParamsIterator {
  #params;
  #kind;
  #index = 0;

  constructor(params, kind) {
    this.#params = params;
    this.#kind = kind;
  }

  next() {
    // The list is read afresh on each step, so the iteration sees changes as they happen.
    const list = iteratorTarget(this.#params);
    if (this.#index >= list.length) return { value: undefined, done: true };
    const [name, value] = list[this.#index++];
    const result = this.#kind === "key" ? name : this.#kind === "value" ? value : [name, value];
    return { value: result, done: false };
  }
}
Object.setPrototypeOf(URLSearchParamsIterator.prototype, IteratorPrototype);
delete URLSearchParamsIterator.prototype.constructor;
Object.defineProperty(URLSearchParamsIterator.prototype, "next", { enumerable: true });
Object.defineProperty(URLSearchParamsIterator.prototype, Symbol.toStringTag, {
  value: "URLSearchParams Iterator",
  configurable: true,
});

class URLSearchParams {
  #list = [];
  #url = null;  // the URL object this is the searchParams of, if any

  static {
    isURLSearchParams = (v) => v !== null && typeof v === "object" && #list in v;
    iteratorTarget = (params) => params.#list;
    newLinkedSearchParams = (url, query) => {
      const params = new URLSearchParams();
      params.#url = url;
      if (query !== null) params.#list = parseUrlencoded(query);
      return params;
    };
    setSearchParamsList = (params, query) => {
      params.#list = query === null ? [] : parseUrlencoded(query);
    };
  }

  constructor(init = "") {
    if (init !== null && (typeof init === "object" || typeof init === "function")) {
      const method = init[Symbol.iterator];
      if (method !== undefined && method !== null) {
        // sequence<sequence<USVString>>
        if (typeof method !== "function") {
          throw new TypeError("URLSearchParams constructor: init[Symbol.iterator] is not a function");
        }
        for (const pair of { [Symbol.iterator]: () => method.call(init) }) {
          if (pair === null || (typeof pair !== "object" && typeof pair !== "function")) {
            throw new TypeError("URLSearchParams constructor: each pair must be an iterable object");
          }
          const pairMethod = pair[Symbol.iterator];
          if (typeof pairMethod !== "function") {
            throw new TypeError("URLSearchParams constructor: each pair must be an iterable object");
          }
          const items = Array.from({ [Symbol.iterator]: () => pairMethod.call(pair) }, usv);
          if (items.length !== 2) {
            throw new TypeError("URLSearchParams constructor: each pair must have exactly " +
                `2 elements (name and value), got ${items.length}`);
          }
          this.#list.push(items);
        }
      } else {
        // record<USVString, USVString>: own enumerable properties, in property order.
        const record = new Map();
        for (const key of Reflect.ownKeys(init)) {
          const desc = Reflect.getOwnPropertyDescriptor(init, key);
          if (desc === undefined || !desc.enumerable) continue;
          record.set(usv(key), usv(init[key]));
        }
        for (const [name, value] of record) this.#list.push([name, value]);
      }
    } else {
      let s = usv(init);
      if (s.startsWith("?")) s = s.slice(1);
      this.#list = parseUrlencoded(s);
    }
  }

  // "update steps": push the list into the linked URL's query.
  #update() {
    if (this.#url === null) return;
    const serialized = serializeUrlencoded(this.#list);
    urlRecordOf(this.#url).query = serialized === "" ? null : serialized;
  }

  get size() {
    return this.#list.length;
  }

  append(name, value) {
    requireArgs(arguments.length, 2, "URLSearchParams.append");
    this.#list.push([usv(name), usv(value)]);
    this.#update();
  }

  delete(name, value = undefined) {
    requireArgs(arguments.length, 1, "URLSearchParams.delete");
    name = usv(name);
    if (value !== undefined) {
      value = usv(value);
      this.#list = this.#list.filter(([n, v]) => n !== name || v !== value);
    } else {
      this.#list = this.#list.filter(([n]) => n !== name);
    }
    this.#update();
  }

  get(name) {
    requireArgs(arguments.length, 1, "URLSearchParams.get");
    name = usv(name);
    const entry = this.#list.find(([n]) => n === name);
    return entry === undefined ? null : entry[1];
  }

  getAll(name) {
    requireArgs(arguments.length, 1, "URLSearchParams.getAll");
    name = usv(name);
    return this.#list.filter(([n]) => n === name).map(([, v]) => v);
  }

  has(name, value = undefined) {
    requireArgs(arguments.length, 1, "URLSearchParams.has");
    name = usv(name);
    if (value !== undefined) {
      value = usv(value);
      return this.#list.some(([n, v]) => n === name && v === value);
    }
    return this.#list.some(([n]) => n === name);
  }

  set(name, value) {
    requireArgs(arguments.length, 2, "URLSearchParams.set");
    name = usv(name);
    value = usv(value);
    const i = this.#list.findIndex(([n]) => n === name);
    if (i === -1) {
      this.#list.push([name, value]);
    } else {
      // Replace the first, remove the others.
      this.#list[i] = [name, value];
      this.#list = this.#list.filter(([n], j) => j <= i || n !== name);
    }
    this.#update();
  }

  sort() {
    // Array.prototype.sort is stable; string comparison is by UTF-16 code units.
    this.#list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.#update();
  }

  entries() {
    this.#list;  // brand check
    return new URLSearchParamsIterator(this, "key+value");
  }

  keys() {
    this.#list;
    return new URLSearchParamsIterator(this, "key");
  }

  values() {
    this.#list;
    return new URLSearchParamsIterator(this, "value");
  }

  forEach(callback, thisArg = undefined) {
    requireArgs(arguments.length, 1, "URLSearchParams.forEach");
    if (typeof callback !== "function") {
      throw new TypeError("URLSearchParams.forEach: callback is not a function");
    }
    // Live: the list may change during the iteration.
    for (let i = 0; i < this.#list.length; i++) {
      const [name, value] = this.#list[i];
      callback.call(thisArg, value, name, this);
    }
  }

  toString() {
    return serializeUrlencoded(this.#list);
  }
}

// ---------------------------------------------------------------------------------------
// URL (spec section 6.1)

class URL {
  #url;
  #query;  // the URLSearchParams linked to this URL

  static {
    urlRecordOf = (u) => u.#url;
  }

  constructor(url, base = undefined) {
    if (adoptedRecord !== null) {
      // URL.parse() already has the record.
      this.#url = adoptedRecord;
      adoptedRecord = null;
      this.#query = newLinkedSearchParams(this, this.#url.query);
      return;
    }
    requireArgs(arguments.length, 1, "URL constructor");
    url = usv(url);
    if (base !== undefined) base = usv(base);
    let parsedBase = null;
    if (base !== undefined) {
      parsedBase = basicURLParse(base);
      if (parsedBase === FAILURE) throw new TypeError("Invalid URL string.");
    }
    const parsed = basicURLParse(url, parsedBase);
    if (parsed === FAILURE) throw new TypeError("Invalid URL string.");
    this.#url = parsed;
    this.#query = newLinkedSearchParams(this, parsed.query);
  }

  static parse(url, base = undefined) {
    requireArgs(arguments.length, 1, "URL.parse");
    url = usv(url);
    if (base !== undefined) base = usv(base);
    const parsed = parseURL(url, base);
    if (parsed === FAILURE) return null;
    adoptedRecord = parsed;
    return new URL("");
  }

  static canParse(url, base = undefined) {
    requireArgs(arguments.length, 1, "URL.canParse");
    url = usv(url);
    if (base !== undefined) base = usv(base);
    return parseURL(url, base) !== FAILURE;
  }

  // File API statics. Workers have no blob URL store, so nothing can be registered;
  // revoking a URL that is not registered does nothing, as the File API says.
  static createObjectURL(obj) {
    requireArgs(arguments.length, 1, "URL.createObjectURL");
    throw new internal.DOMException(
        "URL.createObjectURL() is not supported: there is no blob URL store in workers",
        "NotSupportedError");
  }

  static revokeObjectURL(url) {
    requireArgs(arguments.length, 1, "URL.revokeObjectURL");
    usv(url);
  }

  get href() {
    return serializeURL(this.#url);
  }

  set href(value) {
    value = usv(value);
    const parsed = basicURLParse(value);
    if (parsed === FAILURE) {
      // Workers' wording.
      throw new TypeError("Failed to set the 'href' property on 'URL': the provided value " +
          "is not of type 'valid URL string'.");
    }
    this.#url = parsed;
    setSearchParamsList(this.#query, parsed.query);
  }

  get origin() {
    return serializeOrigin(this.#url);
  }

  get protocol() {
    return this.#url.scheme + ":";
  }

  set protocol(value) {
    basicURLParse(usv(value) + ":", null, this.#url, SCHEME_START);
  }

  get username() {
    return this.#url.username;
  }

  set username(value) {
    value = usv(value);
    if (cannotHaveUsernamePasswordPort(this.#url)) return;
    this.#url.username = encodeString(value, USERINFO_SET);
  }

  get password() {
    return this.#url.password;
  }

  set password(value) {
    value = usv(value);
    if (cannotHaveUsernamePasswordPort(this.#url)) return;
    this.#url.password = encodeString(value, USERINFO_SET);
  }

  get host() {
    const url = this.#url;
    if (url.host === null) return "";
    if (url.port === null) return url.host;
    return url.host + ":" + url.port;
  }

  set host(value) {
    value = usv(value);
    if (hasOpaquePath(this.#url)) return;
    basicURLParse(value, null, this.#url, HOST);
  }

  get hostname() {
    return this.#url.host ?? "";
  }

  set hostname(value) {
    value = usv(value);
    if (hasOpaquePath(this.#url)) return;
    basicURLParse(value, null, this.#url, HOSTNAME);
  }

  get port() {
    return this.#url.port === null ? "" : String(this.#url.port);
  }

  set port(value) {
    value = usv(value);
    if (cannotHaveUsernamePasswordPort(this.#url)) return;
    if (value === "") this.#url.port = null;
    else basicURLParse(value, null, this.#url, PORT);
  }

  get pathname() {
    return serializePath(this.#url);
  }

  set pathname(value) {
    value = usv(value);
    if (hasOpaquePath(this.#url)) return;
    this.#url.path = [];
    basicURLParse(value, null, this.#url, PATH_START);
  }

  get search() {
    const query = this.#url.query;
    return query === null || query === "" ? "" : "?" + query;
  }

  set search(value) {
    value = usv(value);
    const url = this.#url;
    if (value === "") {
      url.query = null;
      setSearchParamsList(this.#query, null);
      return;
    }
    const input = value[0] === "?" ? value.slice(1) : value;
    url.query = "";
    basicURLParse(input, null, url, QUERY);
    setSearchParamsList(this.#query, input);
  }

  get searchParams() {
    return this.#query;
  }

  get hash() {
    const fragment = this.#url.fragment;
    return fragment === null || fragment === "" ? "" : "#" + fragment;
  }

  set hash(value) {
    value = usv(value);
    const url = this.#url;
    if (value === "") {
      url.fragment = null;
      return;
    }
    const input = value[0] === "#" ? value.slice(1) : value;
    url.fragment = "";
    basicURLParse(input, null, url, FRAGMENT);
  }

  toString() {
    return serializeURL(this.#url);
  }

  toJSON() {
    return serializeURL(this.#url);
  }
}

// ---------------------------------------------------------------------------------------
// Web IDL shape: operations and attributes are enumerable; @@iterator is entries.

for (const cls of [URL, URLSearchParams]) {
  for (const target of [cls, cls.prototype]) {
    for (const key of Object.getOwnPropertyNames(target)) {
      if (key === "constructor" || key === "prototype" || key === "length" || key === "name") {
        continue;
      }
      Object.defineProperty(target, key, { enumerable: true });
    }
  }
}
Object.defineProperty(URLSearchParams.prototype, Symbol.iterator, {
  value: URLSearchParams.prototype.entries,
  writable: true,
  configurable: true,
});
setToStringTag(URL, "URL");
setToStringTag(URLSearchParams, "URLSearchParams");

internal.URL = URL;
internal.URLSearchParams = URLSearchParams;
internal.isURLSearchParams = isURLSearchParams;
// For fetch.js bodies: the application/x-www-form-urlencoded parser and serializer over
// lists of [name, value] pairs.
internal.parseUrlencoded = (s) => parseUrlencoded(toUSVString(s));
internal.serializeUrlencoded = serializeUrlencoded;
defineGlobal("URL", URL);
defineGlobal("URLSearchParams", URLSearchParams);
