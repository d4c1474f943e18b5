// Headers, Request and Response (WHATWG Fetch) as Cloudflare Workers exposes them, plus the
// host hooks `internal.requestFromHost` / `internal.responseToHost` (see README.md).
//
// A body is bytes or a ReadableStream (streams.js); `body` is always a byte ReadableStream, as
// in Workers. `InnerBody` below is the one place that knows how a body is held. Bodies cross
// the host whole when they are bytes, and as they come when they are streams, both ways
// (bodyFromHost, and the *ChunksForHost readers).
//
// Where Workers deliberately differs from the Fetch Standard, this file follows Workers, and
// says so where it happens:
// - no forbidden header names (the "request"/"response" guards never refuse a name);
// - header values may hold any character (Workers sends them as UTF-8); only NUL, CR and LF
//   are refused;
// - Headers iterators and forEach() walk a snapshot taken when they start;
// - Request URLs must be absolute (there is no base URL);
// - redirect is "follow" or "manual" ("error" is refused); an incoming request's is "manual";
// - only known methods are accepted: GET, HEAD, POST, PUT, DELETE and OPTIONS in any case
//   (normalized to upper case), and the other methods of Workers' HTTP layer (PATCH, PURGE,
//   PROPFIND, ...) in upper case only;
// - `new Request(request, init)` keeps the body of a GET/HEAD request unless init changes the
//   method or the body, and `body: null` in init drops the input's body;
// - statusText defaults to "" as the standard says, but a response sent to the client with an
//   empty statusText gets the standard reason phrase of its status ("OK" for 200);
// - a zero-length body with a null body status (204, 205, 304) is accepted as no body.

const {
  defineGlobal, setToStringTag, toUSVString, toByteString, bufferSourceBytes, requireArgs,
  dictionary, makeMembersEnumerable,
} = internal;

// Passed as a constructor's first argument by this file to build an object from already
// validated state. It never leaves this file, so worker code cannot forge it.
const INTERNAL = Symbol("fetch.js internal");

const utf8Encode = (s) => internal.utf8Encode(s);
const utf8Decode = (bytes) => internal.utf8Decode(bytes);

// ---------------------------------------------------------------------------------------------
// HTTP syntax

// token = 1*tchar (RFC 9110)
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const isHttpWhitespace = (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function headerName(name, what) {
  const s = `${name}`;  // a template literal, unlike String(), throws for a Symbol
  if (!TOKEN.test(s)) {
    throw new TypeError(`${what}: ${JSON.stringify(s)} is not a valid HTTP header name.`);
  }
  return s.toLowerCase();  // ASCII only, since it is a token
}

// Strips leading and trailing HTTP whitespace and refuses NUL, CR and LF. Workers accepts
// characters above U+00FF (it sends values as UTF-8), so this does too; lone surrogates
// become U+FFFD as they would in that UTF-8 conversion.
function headerValue(value, what) {
  const s = toUSVString(`${value}`);
  let start = 0;
  let end = s.length;
  while (start < end && isHttpWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(s.charCodeAt(end - 1))) end--;
  const v = start === 0 && end === s.length ? s : s.slice(start, end);
  if (/[\0\r\n]/.test(v)) {
    throw new TypeError(`${what}: invalid value for a header: ${JSON.stringify(v)} ` +
        "(header values cannot contain NUL, CR or LF).");
  }
  return v;
}

// reason-phrase = *( HTAB / SP / VCHAR / obs-text )
function statusTextValue(value) {
  const s = toByteString(`${value}`, "Response statusText");
  if (/[^\t\x20-\x7e\x80-\xff]/.test(s)) {
    throw new TypeError(`Invalid statusText ${JSON.stringify(s)}: it may only contain tab, ` +
        "space and visible characters.");
  }
  return s;
}

const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
// Like Workers: besides the six methods above (matched case-insensitively, as the Fetch
// Standard normalizes them), only these methods are accepted, and only in upper case. They are
// the methods Workers' HTTP layer knows (CONNECT is not one of them).
const OTHER_METHODS = new Set([
  "PATCH", "PURGE", "TRACE", "COPY", "LOCK", "MKCOL", "MOVE", "PROPFIND", "PROPPATCH", "SEARCH",
  "UNLOCK", "ACL", "REPORT", "MKACTIVITY", "CHECKOUT", "MERGE", "MSEARCH", "NOTIFY",
  "SUBSCRIBE", "UNSUBSCRIBE",
]);

function normalizeMethod(value) {
  const s = `${value}`;
  const upper = s.replace(/[a-z]+/g, (letters) => letters.toUpperCase());  // ASCII only
  if (NORMALIZED_METHODS.has(upper)) return upper;
  if (OTHER_METHODS.has(s)) return s;
  throw new TypeError(`Invalid HTTP method string: ${JSON.stringify(s)}. It must be one of ` +
      "GET, HEAD, POST, PUT, DELETE, OPTIONS (in any case) or an upper-case method such as " +
      "PATCH.");
}

// Absolute URL -> serialized URL. Workers has no base URL, so relative URLs are refused.
function parseAbsoluteURL(value, what) {
  const s = toUSVString(`${value}`);
  let url;
  try {
    url = new internal.URL(s);
  } catch {
    throw new TypeError(`${what}: invalid URL ${JSON.stringify(s)} ` +
        '(it must be an absolute URL such as "https://example.com/path").');
  }
  return url.href;
}

// Web IDL integer conversion for a status code (out-of-range values fail the range check).
function statusCode(value) {
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const REASON_PHRASES = new Map([
  [100, "Continue"], [101, "Switching Protocols"], [102, "Processing"], [103, "Early Hints"],
  [200, "OK"], [201, "Created"], [202, "Accepted"], [203, "Non-Authoritative Information"],
  [204, "No Content"], [205, "Reset Content"], [206, "Partial Content"], [207, "Multi-Status"],
  [208, "Already Reported"], [226, "IM Used"],
  [300, "Multiple Choices"], [301, "Moved Permanently"], [302, "Found"], [303, "See Other"],
  [304, "Not Modified"], [305, "Use Proxy"], [307, "Temporary Redirect"],
  [308, "Permanent Redirect"],
  [400, "Bad Request"], [401, "Unauthorized"], [402, "Payment Required"], [403, "Forbidden"],
  [404, "Not Found"], [405, "Method Not Allowed"], [406, "Not Acceptable"],
  [407, "Proxy Authentication Required"], [408, "Request Timeout"], [409, "Conflict"],
  [410, "Gone"], [411, "Length Required"], [412, "Precondition Failed"],
  [413, "Payload Too Large"], [414, "URI Too Long"], [415, "Unsupported Media Type"],
  [416, "Range Not Satisfiable"], [417, "Expectation Failed"], [418, "I'm a teapot"],
  [421, "Misdirected Request"], [422, "Unprocessable Entity"], [423, "Locked"],
  [424, "Failed Dependency"], [425, "Too Early"], [426, "Upgrade Required"],
  [428, "Precondition Required"], [429, "Too Many Requests"],
  [431, "Request Header Fields Too Large"], [451, "Unavailable For Legal Reasons"],
  [500, "Internal Server Error"], [501, "Not Implemented"], [502, "Bad Gateway"],
  [503, "Service Unavailable"], [504, "Gateway Timeout"], [505, "HTTP Version Not Supported"],
  [506, "Variant Also Negotiates"], [507, "Insufficient Storage"], [508, "Loop Detected"],
  [510, "Not Extended"], [511, "Network Authentication Required"],
]);

// ---------------------------------------------------------------------------------------------
// Headers

const IMMUTABLE_MESSAGE = "Can't modify immutable headers.";

// The header list is a Map from lowercase name to the list of values, in the order they were
// added. Values for one name are combined with ", " when read, except Set-Cookie's.
function sortedAndCombined(map) {
  const result = [];
  for (const name of [...map.keys()].sort()) {
    const values = map.get(name);
    if (name === "set-cookie") {
      for (const value of values) result.push([name, value]);
    } else {
      result.push([name, values.join(", ")]);
    }
  }
  return result;
}

function flatHeaderList(map) {
  const list = [];
  for (const [name, value] of sortedAndCombined(map)) list.push(name, value);
  return list;
}

function mapAppend(map, name, value) {
  const values = map.get(name);
  if (values === undefined) map.set(name, [value]);
  else values.push(value);
}

function copyHeaderMap(map) {
  const copy = new Map();
  for (const [name, values] of map) copy.set(name, [...values]);
  return copy;
}

const ITERATOR_PROTOTYPE = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

class HeadersIterator {
  #entries;
  #kind;
  #index = 0;

  constructor(token, entries, kind) {
    if (token !== INTERNAL) throw new TypeError("Illegal constructor.");
    this.#entries = entries;
    this.#kind = kind;
  }

  next() {
    if (!(#entries in this)) {
      throw new TypeError("next() called on an object that is not a Headers iterator.");
    }
    const entries = this.#entries;
    if (entries === null || this.#index >= entries.length) {
      this.#entries = null;
      return { value: undefined, done: true };
    }
    const [name, value] = entries[this.#index++];
    return {
      value: this.#kind === "keys" ? name : this.#kind === "values" ? value : [name, value],
      done: false,
    };
  }
}
Object.setPrototypeOf(HeadersIterator.prototype, ITERATOR_PROTOTYPE);
delete HeadersIterator.prototype.constructor;
Object.defineProperty(HeadersIterator.prototype, "next", { enumerable: true });
setToStringTag(HeadersIterator, "Headers Iterator");

let headerMapOf;     // (headers) -> Map
let setHeadersGuard; // (headers, guard)
let headersGuardOf;  // (headers) -> guard
let isHeaders;

class Headers {
  #map = new Map();
  // "none", "request", "response" or "immutable". Workers enforces no forbidden header
  // names, so only "immutable" restricts anything.
  #guard = "none";

  constructor(init = undefined) {
    if (init === undefined) return;
    if (isHeaders(init)) {
      this.#map = copyHeaderMap(init.#map);
      return;
    }
    if (typeof init !== "object" && typeof init !== "function" || init === null) {
      throw new TypeError("Failed to construct 'Headers': the argument must be a Headers " +
          "object, an array of [name, value] pairs, or an object of names to values.");
    }
    const what = "Failed to construct 'Headers'";
    const iteratorMethod = init[Symbol.iterator];
    if (iteratorMethod !== undefined && iteratorMethod !== null) {
      // sequence<sequence<ByteString>>: convert everything before adding anything.
      const pairs = [];
      for (const item of { [Symbol.iterator]: () => iteratorMethod.call(init) }) {
        if (typeof item !== "object" && typeof item !== "function" || item === null) {
          throw new TypeError(`${what}: each header must be a [name, value] pair.`);
        }
        const pair = [...item];
        if (pair.length !== 2) {
          throw new TypeError(`${what}: each header must be a [name, value] pair, ` +
              `got one with ${pair.length} item${pair.length === 1 ? "" : "s"}.`);
        }
        pairs.push([headerName(pair[0], what), headerValue(pair[1], what)]);
      }
      for (const [name, value] of pairs) mapAppend(this.#map, name, value);
      return;
    }
    // record<ByteString, ByteString>
    const pairs = [];
    for (const key of Reflect.ownKeys(init)) {
      const desc = Reflect.getOwnPropertyDescriptor(init, key);
      if (desc === undefined || !desc.enumerable) continue;
      const name = headerName(key, what);
      pairs.push([name, headerValue(init[key], what)]);
    }
    for (const [name, value] of pairs) mapAppend(this.#map, name, value);
  }

  append(name, value) {
    requireArgs(arguments.length, 2, "Headers.append");
    const n = headerName(name, "Headers.append");
    const v = headerValue(value, "Headers.append");
    if (this.#guard === "immutable") throw new TypeError(IMMUTABLE_MESSAGE);
    mapAppend(this.#map, n, v);
  }

  delete(name) {
    requireArgs(arguments.length, 1, "Headers.delete");
    const n = headerName(name, "Headers.delete");
    if (this.#guard === "immutable") throw new TypeError(IMMUTABLE_MESSAGE);
    this.#map.delete(n);
  }

  get(name) {
    requireArgs(arguments.length, 1, "Headers.get");
    const values = this.#map.get(headerName(name, "Headers.get"));
    return values === undefined ? null : values.join(", ");
  }

  getSetCookie() {
    const values = this.#map.get("set-cookie");
    return values === undefined ? [] : [...values];
  }

  has(name) {
    requireArgs(arguments.length, 1, "Headers.has");
    return this.#map.has(headerName(name, "Headers.has"));
  }

  set(name, value) {
    requireArgs(arguments.length, 2, "Headers.set");
    const n = headerName(name, "Headers.set");
    const v = headerValue(value, "Headers.set");
    if (this.#guard === "immutable") throw new TypeError(IMMUTABLE_MESSAGE);
    this.#map.set(n, [v]);
  }

  // Like Workers, walks a snapshot: changes made by the callback are not visited.
  forEach(callback, thisArg = undefined) {
    requireArgs(arguments.length, 1, "Headers.forEach");
    if (typeof callback !== "function") {
      throw new TypeError("Headers.forEach: the callback must be a function.");
    }
    for (const [name, value] of sortedAndCombined(this.#map)) {
      callback.call(thisArg, value, name, this);
    }
  }

  entries() { return new HeadersIterator(INTERNAL, sortedAndCombined(this.#map), "entries"); }
  keys() { return new HeadersIterator(INTERNAL, sortedAndCombined(this.#map), "keys"); }
  values() { return new HeadersIterator(INTERNAL, sortedAndCombined(this.#map), "values"); }

  static {
    isHeaders = (value) =>
      (typeof value === "object" || typeof value === "function") && value !== null &&
      #map in value;
    headerMapOf = (headers) => headers.#map;
    setHeadersGuard = (headers, guard) => { headers.#guard = guard; };
    headersGuardOf = (headers) => headers.#guard;
  }
}
Object.defineProperty(Headers.prototype, Symbol.iterator, {
  value: Headers.prototype.entries,
  writable: true,
  configurable: true,
});
makeMembersEnumerable(Headers);
setToStringTag(Headers, "Headers");

function newHeaders(map, guard) {
  const headers = new Headers();
  const target = headerMapOf(headers);
  for (const [name, values] of map) target.set(name, values);
  setHeadersGuard(headers, guard);
  return headers;
}

// A Headers from a flat [name0, value0, name1, value1, ...] list, validated.
function headersFromList(list, guard) {
  const map = new Map();
  const what = "Header list";
  for (let i = 0; i + 1 < list.length; i += 2) {
    mapAppend(map, headerName(list[i], what), headerValue(list[i + 1], what));
  }
  return newHeaders(map, guard);
}

// ---------------------------------------------------------------------------------------------
// Bodies

const BODY_USED_MESSAGE = "Body has already been used. It can only be used once. " +
    "Use tee() first if you need to read it twice.";
const LOCKED_MESSAGE = "This ReadableStream is currently locked to a reader.";

const {
  isReadableStream, readableStreamLocked, readableStreamDisturbed, readableStreamTake,
  readableStreamTee, newBytesStream, readAllBytes,
} = internal;
const EMPTY_BYTES = new Uint8Array(0);
// Captured: a worker replacing them must not change how the platform reads bodies.
const PromiseCtor = Promise;
const { apply: reflectApply } = Reflect;
const { resolve: promiseResolveFn, reject: promiseRejectFn } = Promise;
const promiseResolve = (value) => reflectApply(promiseResolveFn, PromiseCtor, [value]);
const promiseReject = (reason) => reflectApply(promiseRejectFn, PromiseCtor, [reason]);

// The one representation of a non-null body: bytes, or a ReadableStream (streams.js).
//
// A body made from bytes (a string, a buffer, a Blob, the host's bytes) keeps them in `bytes`
// and makes its stream only when the `body` getter asks for one; until that stream is read,
// the bytes are still in `bytes` and `take()` hands them over directly, so the common case
// (`new Response("hi")` sent to the client) never builds a stream. A body made from a
// ReadableStream has `stream` and `bytes === null`, and is read through the stream.
//   disturbed     - has been read from or canceled (bodyUsed)
//   locked        - a reader holds it
//   syncBytes     - whether take() can answer now (no stream, or ours and still untouched)
//   take()        - all remaining bytes now, marking it disturbed; TypeError if unusable
//   readAll()     - a promise of all remaining bytes (a stream is read to its end; its chunks
//                   must be bytes, or strings too when it is read for the host)
//   clone()       - an independent body with the same content (tees a stream)
//   transfer()    - a new body that owns the content; this one is left disturbed and locked
//   length        - byte length if known, else null
// `bytes` is never handed to worker code (readers get copies), so clones can share it.
class InnerBody {
  constructor(bytes, stream = null) {
    this.bytes = bytes;     // Uint8Array, or null once a stream holds the content
    this.stream = stream;   // ReadableStream, made on first use for a bytes body
    this.ownStream = false; // `stream` was made here from `bytes` (its source reads `bytes`)
    this.taken = false;     // the bytes were taken without a stream
    this.moved = false;     // transfer() moved the content to another body
  }

  get disturbed() {
    if (this.moved) return true;
    return this.stream === null ? this.taken : readableStreamDisturbed(this.stream);
  }

  get locked() {
    if (this.moved) return true;
    return this.stream !== null && readableStreamLocked(this.stream);
  }

  get unusable() { return this.disturbed || this.locked; }

  get syncBytes() {
    return this.stream === null ||
        (this.ownStream && this.bytes !== null && !this.unusable);
  }

  get length() { return this.syncBytes ? this.bytes.length : null; }

  getStream() {
    if (this.stream === null) {
      // The stream's source reads `this.bytes` when first pulled (and clears it).
      this.stream = newBytesStream(this);
      this.ownStream = true;
      if (this.taken || this.moved) {
        this.bytes = null;
        readableStreamTake(this.stream);
      }
    }
    return this.stream;
  }

  checkUsable() {
    if (this.disturbed) throw new TypeError(BODY_USED_MESSAGE);
    if (this.locked) throw new TypeError(LOCKED_MESSAGE);
  }

  take() {
    this.checkUsable();
    if (!this.syncBytes) {
      throw new TypeError("internal error: a stream body must be read with readAll()");
    }
    const bytes = this.bytes;
    if (this.stream === null) {
      this.taken = true;
      this.bytes = EMPTY_BYTES;
    } else {
      this.bytes = null;
      readableStreamTake(this.stream);
    }
    return bytes;
  }

  readAll() {
    try {
      if (this.syncBytes) return promiseResolve(this.take());
      this.checkUsable();
      return readAllBytes(this.stream);
    } catch (error) {
      return promiseReject(error);
    }
  }

  clone() {
    this.checkUsable();
    if (this.syncBytes) return new InnerBody(this.bytes);
    const branches = readableStreamTee(this.stream);
    this.stream = branches[0];
    this.ownStream = false;
    this.bytes = null;
    return new InnerBody(null, branches[1]);
  }

  transfer() {
    this.checkUsable();
    const body = this.syncBytes ? new InnerBody(this.bytes) : new InnerBody(null, this.stream);
    this.moved = true;
    if (this.stream === null) this.bytes = EMPTY_BYTES;
    return body;
  }
}

function bodyStreamOf(body) {
  return body === null ? null : body.getStream();
}

const TEXT_CONTENT_TYPE = "text/plain;charset=UTF-8";
const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded;charset=UTF-8";

// BodyInit -> [InnerBody, content type or null]. Buffers are copied; a ReadableStream becomes
// the body's stream (it must be neither read from nor locked).
function extractBody(init) {
  if (typeof init === "string") {
    return [new InnerBody(utf8Encode(init)), TEXT_CONTENT_TYPE];
  }
  if (typeof init === "object" && init !== null) {
    const view = bufferSourceBytes(init);
    if (view !== null) return [new InnerBody(new Uint8Array(view)), null];
    if (isReadableStream(init)) {
      if (readableStreamDisturbed(init) || readableStreamLocked(init)) {
        throw new TypeError("This ReadableStream has already been read from or is locked to " +
            "a reader, so it cannot be used as a body.");
      }
      return [new InnerBody(null, init), null];
    }
    if (internal.isURLSearchParams?.(init)) {
      const text = internal.URLSearchParams.prototype.toString.call(init);
      return [new InnerBody(utf8Encode(text)), FORM_CONTENT_TYPE];
    }
    // Blob (blob.js): its bytes are never modified, so the body may share them.
    if (internal.isBlob(init)) {
      return [new InnerBody(internal.blobBytes(init)), init.type === "" ? null : init.type];
    }
    if (internal.isFormData(init)) {
      const [bytes, type] = internal.encodeMultipart(init);
      return [new InnerBody(bytes), type];
    }
  }
  // Anything else is converted to a string, as Web IDL's USVString conversion does.
  return [new InnerBody(utf8Encode(toUSVString(`${init}`))), TEXT_CONTENT_TYPE];
}

function addContentType(headers, type) {
  if (type === null) return;
  const map = headerMapOf(headers);
  if (!map.has("content-type")) map.set("content-type", [type]);
}

// Body mixin readers. `body` is the InnerBody or null. A bytes body is read at once; a stream
// body is read to its end first.
const readArrayBuffer = (bytes) => new Uint8Array(bytes).buffer;
const readUint8Array = (bytes) => new Uint8Array(bytes);
const readText = (bytes) => utf8Decode(bytes);
const readJSON = (bytes) => JSON.parse(utf8Decode(bytes));
// blob() and formData() also need the Content-Type (blob.js does the parsing).
const readBlob = (bytes, headers) =>
  internal.newBlob(bytes, internal.mimeTypeOf(headers.get("content-type")));
const readFormData = (bytes, headers) =>
  internal.parseFormDataBody(bytes, headers.get("content-type"));

// The bytes of a body that has them now (null is empty); see `syncBytes`.
const bytesNow = (body) => (body === null ? EMPTY_BYTES : body.take());
const hasBytesNow = (body) => body === null || body.syncBytes;

// ---------------------------------------------------------------------------------------------
// Request

let isRequest;
let requestParts;  // (request) -> [method, url, headers, body, redirect]

class Request {
  #method;
  #url;
  #headers;
  #body;      // InnerBody or null
  #redirect;
  #signal;
  #cf;

  constructor(input, init = undefined) {
    if (input === INTERNAL) {
      this.#method = init.method;
      this.#url = init.url;
      this.#headers = init.headers;
      this.#body = init.body;
      this.#redirect = init.redirect;
      this.#signal = init.signal;
      this.#cf = init.cf;
      return;
    }
    const what = "Failed to construct 'Request'";
    requireArgs(arguments.length, 1, what);

    const source = isRequest(input) ? input : null;
    let url;
    let method = "GET";
    let redirect = "follow";
    let signal = null;
    let cf;
    if (source !== null) {
      url = source.#url;
      method = source.#method;
      redirect = source.#redirect;
      signal = source.#signal;
      cf = source.#cf;
    } else {
      url = parseAbsoluteURL(input, what);
    }

    // RequestInit members, read once each, in Web IDL (alphabetical) order.
    const options = dictionary(init, `${what}: init`);
    const initBody = options.body;
    const initCf = options.cf;
    const initHeaders = options.headers;
    const initIntegrity = options.integrity;
    const initMethod = options.method;
    const initRedirect = options.redirect;
    const initSignal = options.signal;

    if (initIntegrity !== undefined && `${initIntegrity}` !== "") {
      throw new TypeError("Subrequest integrity checking is not implemented; the integrity " +
          "option must be undefined or an empty string.");
    }
    if (initMethod !== undefined) method = normalizeMethod(initMethod);
    if (initRedirect !== undefined) {
      redirect = `${initRedirect}`;
      if (redirect !== "follow" && redirect !== "manual") {
        throw new TypeError(`Invalid redirect value ${JSON.stringify(redirect)}: it must be ` +
            '"follow" or "manual" ("error" is not supported; use "manual" and check the ' +
            "response status).");
      }
    }
    if (initSignal !== undefined) {
      if (initSignal !== null && !internal.isAbortSignal(initSignal)) {
        throw new TypeError(`${what}: signal must be an AbortSignal.`);
      }
      signal = initSignal;
    }
    if (initCf !== undefined) cf = initCf;

    const headers = new Headers(initHeaders !== undefined ? initHeaders
        : source !== null ? source.#headers : undefined);
    setHeadersGuard(headers, "request");

    const noBodyMethod = method === "GET" || method === "HEAD";
    let body = null;
    if (initBody !== undefined) {
      // Like Workers, an explicit `body: null` drops the input request's body.
      if (initBody !== null) {
        if (noBodyMethod) {
          throw new TypeError("Request with a GET or HEAD method cannot have a body.");
        }
        let type;
        [body, type] = extractBody(initBody);
        addContentType(headers, type);
      }
    } else if (source !== null && source.#body !== null) {
      // Like Workers, a GET/HEAD request that arrived with a body may be forwarded as is, but
      // not given a GET/HEAD method by init.
      if (noBodyMethod && initMethod !== undefined) {
        throw new TypeError("Request with a GET or HEAD method cannot have a body.");
      }
      if (source.#body.unusable) {
        throw new TypeError("Cannot construct a Request from a Request whose body has " +
            "already been used.");
      }
      body = source.#body.transfer();
    }

    this.#method = method;
    this.#url = url;
    this.#headers = headers;
    this.#body = body;
    this.#redirect = redirect;
    this.#signal = signal;
    this.#cf = cf;
  }

  get method() { return this.#method; }
  get url() { return this.#url; }
  get headers() { return this.#headers; }
  get redirect() { return this.#redirect; }
  // The AbortSignal given in init; otherwise (an incoming request too) one never aborted.
  get signal() {
    if (this.#signal === null) this.#signal = internal.newAbortSignal();
    return this.#signal;
  }
  // Workers' non-standard Cloudflare properties object (undefined unless given).
  get cf() { return this.#cf; }
  // Constant in Workers; reading #url first makes the brand check of a getter.
  get integrity() { return (this.#url, ""); }
  get keepalive() { return (this.#url, false); }

  get body() { return bodyStreamOf(this.#body); }
  get bodyUsed() { return this.#body !== null && this.#body.disturbed; }
  // Only a stream body is awaited, so a bytes body settles as soon as it did before streams.
  async arrayBuffer() {
    const b = this.#body;
    return readArrayBuffer(hasBytesNow(b) ? bytesNow(b) : await b.readAll());
  }
  async bytes() {
    const b = this.#body;
    return readUint8Array(hasBytesNow(b) ? bytesNow(b) : await b.readAll());
  }
  async text() {
    const b = this.#body;
    return readText(hasBytesNow(b) ? bytesNow(b) : await b.readAll());
  }
  async json() {
    const b = this.#body;
    return readJSON(hasBytesNow(b) ? bytesNow(b) : await b.readAll());
  }
  async blob() {
    const b = this.#body;
    return readBlob(hasBytesNow(b) ? bytesNow(b) : await b.readAll(), this.#headers);
  }
  async formData() {
    const b = this.#body;
    return readFormData(hasBytesNow(b) ? bytesNow(b) : await b.readAll(), this.#headers);
  }

  clone() {
    if (this.#body !== null && this.#body.unusable) {
      throw new TypeError("Cannot clone a Request whose body has already been used.");
    }
    return new Request(INTERNAL, {
      method: this.#method,
      url: this.#url,
      headers: newHeaders(copyHeaderMap(headerMapOf(this.#headers)),
          headersGuardOf(this.#headers)),
      body: this.#body === null ? null : this.#body.clone(),
      redirect: this.#redirect,
      signal: this.#signal,
      cf: this.#cf,
    });
  }

  static {
    isRequest = (value) =>
      (typeof value === "object" || typeof value === "function") && value !== null &&
      #url in value;
    requestParts = (request) => [request.#method, request.#url, request.#headers,
      request.#body, request.#redirect];
  }
}
makeMembersEnumerable(Request);
setToStringTag(Request, "Request");

// ---------------------------------------------------------------------------------------------
// Response

let isResponse;
let responseParts;  // (response) -> [status, statusText, headers, body, type]

class Response {
  #type;
  #status;
  #statusText;  // null: not given ("")
  #headers;
  #body;        // InnerBody or null
  #url;
  #redirected;  // fetch() followed a redirect to get it
  #webSocket;   // with status 101: the client end of a WebSocketPair, or null

  constructor(body = null, init = undefined) {
    if (body === INTERNAL) {
      this.#type = init.type ?? "default";
      this.#status = init.status;
      this.#statusText = init.statusText ?? null;
      this.#headers = init.headers;
      this.#body = init.body ?? null;
      this.#url = init.url ?? "";
      this.#redirected = init.redirected ?? false;
      this.#webSocket = init.webSocket ?? null;
      return;
    }
    const what = "Failed to construct 'Response'";
    // ResponseInit members, read once each, in Web IDL (alphabetical) order.
    const options = dictionary(init, `${what}: init`);
    const initHeaders = options.headers;
    const initStatus = options.status;
    const initStatusText = options.statusText;
    const initWebSocket = options.webSocket;

    let webSocket = null;
    if (initWebSocket !== undefined && initWebSocket !== null) {
      if (!internal.isWebSocket(initWebSocket)) {
        throw new TypeError(`${what}: webSocket must be a WebSocket (an end of a WebSocketPair).`);
      }
      webSocket = initWebSocket;
    }
    const status = initStatus === undefined ? 200 : statusCode(initStatus);
    if (status === 101 && webSocket === null) {
      throw new RangeError("A 101 response must carry a webSocket (the client end of a " +
          "WebSocketPair).");
    }
    if (webSocket !== null && status !== 101) {
      throw new RangeError("A response with a webSocket must have status 101.");
    }
    if (status !== 101 && (status < 200 || status > 599)) {
      throw new RangeError("Responses may only be constructed with status codes in the range " +
          `200 to 599, inclusive (got ${status}).`);
    }
    const statusText = initStatusText === undefined ? null : statusTextValue(initStatusText);
    const headers = new Headers(initHeaders);
    setHeadersGuard(headers, "response");

    let inner = null;
    if (body !== null) {
      const nullBodyStatus = NULL_BODY_STATUSES.has(status);
      const nullBodyMessage =
          `Response with null body status (101, 204, 205, or 304) cannot have a body.`;
      if (nullBodyStatus && isReadableStream(body)) throw new TypeError(nullBodyMessage);
      let type;
      [inner, type] = extractBody(body);
      if (nullBodyStatus) {
        // Workers accepts a zero-length body here and treats it as no body.
        if (inner.length !== 0) throw new TypeError(nullBodyMessage);
        inner = null;
      } else {
        addContentType(headers, type);
      }
    }

    this.#type = "default";
    this.#status = status;
    this.#statusText = statusText;
    this.#headers = headers;
    this.#body = inner;
    this.#url = "";
    this.#redirected = false;
    this.#webSocket = webSocket;
  }

  static error() {
    return new Response(INTERNAL, {
      type: "error",
      status: 0,
      statusText: "",
      headers: newHeaders(new Map(), "immutable"),
    });
  }

  static redirect(url, status = 302) {
    requireArgs(arguments.length, 1, "Response.redirect");
    const location = parseAbsoluteURL(url, "Response.redirect");
    const code = statusCode(status);
    if (!REDIRECT_STATUSES.has(code)) {
      throw new RangeError(`${code} is not a redirect status code. ` +
          "It must be one of: 301, 302, 303, 307, or 308.");
    }
    return new Response(INTERNAL, {
      status: code,
      headers: newHeaders(new Map([["location", [location]]]), "immutable"),
    });
  }

  static json(data, init = undefined) {
    requireArgs(arguments.length, 1, "Response.json");
    const text = JSON.stringify(data);
    if (text === undefined) {
      throw new TypeError("Response.json: the value cannot be serialized to JSON.");
    }
    const response = new Response(utf8Encode(text), init);
    addContentType(response.#headers, "application/json");
    return response;
  }

  get type() { return this.#type; }
  get url() { return this.#url; }
  get redirected() { return this.#redirected; }
  get webSocket() { return this.#webSocket; }
  get status() { return this.#status; }
  get ok() { return this.#status >= 200 && this.#status <= 299; }
  get statusText() { return this.#statusText ?? ""; }
  get headers() { return this.#headers; }

  get body() { return bodyStreamOf(this.#body); }
  get bodyUsed() { return this.#body !== null && this.#body.disturbed; }
  // Only a stream body is awaited, so a bytes body settles as soon as it did before streams.
  async arrayBuffer() {
    const b = this.#body;
    return readArrayBuffer(hasBytesNow(b) ? bytesNow(b) : await b.readAll());
  }
  async bytes() {
    const b = this.#body;
    return readUint8Array(hasBytesNow(b) ? bytesNow(b) : await b.readAll());
  }
  async text() {
    const b = this.#body;
    return readText(hasBytesNow(b) ? bytesNow(b) : await b.readAll());
  }
  async json() {
    const b = this.#body;
    return readJSON(hasBytesNow(b) ? bytesNow(b) : await b.readAll());
  }
  async blob() {
    const b = this.#body;
    return readBlob(hasBytesNow(b) ? bytesNow(b) : await b.readAll(), this.#headers);
  }
  async formData() {
    const b = this.#body;
    return readFormData(hasBytesNow(b) ? bytesNow(b) : await b.readAll(), this.#headers);
  }

  clone() {
    if (this.#body !== null && this.#body.unusable) {
      throw new TypeError("Cannot clone a Response whose body has already been used.");
    }
    return new Response(INTERNAL, {
      type: this.#type,
      status: this.#status,
      statusText: this.#statusText,
      headers: newHeaders(copyHeaderMap(headerMapOf(this.#headers)),
          headersGuardOf(this.#headers)),
      body: this.#body === null ? null : this.#body.clone(),
      url: this.#url,
      redirected: this.#redirected,
    });
  }

  static {
    isResponse = (value) =>
      (typeof value === "object" || typeof value === "function") && value !== null &&
      #status in value;
    responseParts = (response) => [response.#status, response.statusText, response.#headers,
      response.#body, response.#type, response.#webSocket];
  }
}
makeMembersEnumerable(Response);
setToStringTag(Response, "Response");

// ---------------------------------------------------------------------------------------------
// Host hooks (README.md, "Host hooks")

const headerListGet = (list, name) => {
  for (let i = 0; i + 1 < list.length; i += 2) {
    if (`${list[i]}`.toLowerCase() === name) return list[i + 1];
  }
  return null;
};

// A Content-Length value as a number of bytes, or undefined if it is not one.
const contentLengthOf = (value) => {
  if (value === null || value.length === 0 || value.length > 15) return undefined;
  for (let i = 0; i < value.length; i++) {
    if (value[i] < "0" || value[i] > "9") return undefined;
  }
  return Number(value);
};

// A body from the host: its bytes (a Uint8Array), the id of a body still arriving (a number:
// a stream reading it as it comes, as long as the Content-Length of `headerList` says, if it
// says), or none.
const bodyFromHost = (body, headerList) => {
  if (body === null || body === undefined) return null;
  if (typeof body !== "number") return new InnerBody(body);
  const length = contentLengthOf(headerListGet(headerList, "content-length"));
  return new InnerBody(null, internal.newHostBodyStream(body, length));
};

// An incoming request. Its headers are immutable, as in Workers; `body` (a Uint8Array or
// null) is taken over, not copied.
internal.requestFromHost = (method, url, headerList, body) => new Request(INTERNAL, {
  method: `${method}`,
  url: `${url}`,
  headers: headersFromList(headerList, "immutable"),
  body: bodyFromHost(body, headerList),
  redirect: "manual",  // as in Workers: the worker sees redirects as they are
  signal: null,
  cf: undefined,
});

// The worker's response -> [status, statusText, headerList, body, webSocket] (webSocket is
// the id internal.webSocketForHost gave the client end of a 101, else 0). The header list is sorted
// by name with values combined, except Set-Cookie which gets one entry per value; header
// values may contain characters above U+00FF, which the host should send as UTF-8 (as
// Workers does). The body is consumed; the returned Uint8Array may share memory with a
// clone's body, so the host must only read it.
internal.responseToHost = (response) => {
  if (!isResponse(response)) {
    throw new TypeError("The handler must return a Response object, got " +
        `${response === null ? "null" : typeof response}.`);
  }
  const [status, statusText, headers, body, type, webSocket] = responseParts(response);
  if (type === "error") {
    throw new TypeError("Response.error() cannot be sent as the response to a request.");
  }
  const socket = webSocket === null ? 0 : internal.webSocketForHost(webSocket);
  // Like Workers, an empty statusText goes out as the status's standard reason phrase.
  return [status, statusText || (REASON_PHRASES.get(status) ?? ""),
    flatHeaderList(headerMapOf(headers)), body === null ? null : body.take(), socket];
};

// A response's stream body, for the host to take as it comes (internal.chunkReaderForHost);
// null when the body is bytes now (or there is none): responseToHost hands those over whole.
internal.responseChunksForHost = (response) => {
  const body = responseParts(response)[3];
  if (body === null || body.syncBytes) return null;
  body.checkUsable();
  return internal.chunkReaderForHost(body.stream);
};

// The header list of a message whose body streams. The platform frames such a body, as in
// Workers: a Content-Length the worker set goes, and the stream's own length, when it is known
// in advance (a FixedLengthStream's readable side), comes instead; the host sends the body
// with that length, else chunked.
function streamingHeaderList(headers, body) {
  const list = headerListWithout(flatHeaderList(headerMapOf(headers)),
      (name) => name === "content-length");
  const length = internal.readableStreamExpectedLength(body.stream);
  if (length !== null) list.push("content-length", `${length}`);
  return list;
}

// The head of a response whose body streams: [status, statusText, headerList].
internal.responseHeadToHost = (response) => {
  const [status, statusText, headers, body, type] = responseParts(response);
  if (type === "error") {
    throw new TypeError("Response.error() cannot be sent as the response to a request.");
  }
  return [status, statusText || (REASON_PHRASES.get(status) ?? ""),
    streamingHeaderList(headers, body)];
};

// The reverse directions, for subrequests.
// request -> [method, url, headerList, body (Uint8Array or null, consumed), redirect]; with
// `withoutBody` (its chunks go separately, see requestChunksForHost), body is null.
internal.requestToHost = (request, withoutBody = false) => {
  if (!isRequest(request)) throw new TypeError("Expected a Request object.");
  const [method, url, headers, body, redirect] = requestParts(request);
  if (withoutBody && body !== null) {
    return [method, url, streamingHeaderList(headers, body), null, redirect];
  }
  return [method, url, flatHeaderList(headerMapOf(headers)),
    body === null || withoutBody ? null : body.take(), redirect];
};

// A request's stream body, for the host to take as it comes; null when it has bytes now.
internal.requestChunksForHost = (request) => {
  const body = requestParts(request)[3];
  if (body === null || body.syncBytes) return null;
  body.checkUsable();
  return internal.chunkReaderForHost(body.stream);
};

// A Response received from the host: any status, immutable headers, `body` taken over.
internal.responseFromHost = (status, statusText, headerList, body, url = "", redirected = false,
                             webSocket = null) =>
  new Response(INTERNAL, {
    status,
    statusText: `${statusText}`,
    headers: headersFromList(headerList, "immutable"),
    body: bodyFromHost(body, headerList),
    url: `${url}`,
    redirected,
    webSocket,
  });

// ---------------------------------------------------------------------------------------------
// fetch() and service bindings
//
// Both are subrequests: native.subrequest hands them to the host, and the front end decides
// what may be reached (README.md, "native"). fetch() follows redirects here, one subrequest
// per hop, so every hop is checked on its own; a service binding's response comes back as
// the other worker gave it.

const MAX_REDIRECTS = 20;
const { URL: PlatformURL } = internal;  // not the global, which worker code may replace
const BODY_HEADERS = new Set(["content-encoding", "content-language", "content-location",
  "content-type", "content-length"]);

const headerListWithout = (list, drop) => {
  const kept = [];
  for (let i = 0; i + 1 < list.length; i += 2) {
    if (!drop(`${list[i]}`.toLowerCase())) kept.push(list[i], list[i + 1]);
  }
  return kept;
};

// `promise`, unless `signal` aborts first: then its reason.
const unlessAborted = (promise, signal) => new Promise((resolve, reject) => {
  if (signal.aborted) return reject(signal.reason);
  const unregister = internal.abortSignalAdd(signal, reject);
  promise.then((value) => { unregister(); resolve(value); },
      (error) => { unregister(); reject(error); });
});

async function sendSubrequest(binding, request) {
  const signal = request.signal;
  if (signal.aborted) throw signal.reason;
  // A stream body goes as it comes, once: native.outboundBody() is where its chunks go.
  let chunks = internal.requestChunksForHost(request);
  let [method, url, headerList, body, redirect] = internal.requestToHost(request, chunks !== null);
  const follow = binding === null && redirect === "follow";
  for (let hops = 0; ; ++hops) {
    if (chunks !== null) {
      body = native.outboundBody();
      internal.pumpBodyToHost(body, chunks);
      chunks = null;
    }
    const [status, statusText, responseHeaders, responseBody] =
        await unlessAborted(native.subrequest(binding, method, url, headerList, body), signal);
    const location = follow && REDIRECT_STATUSES.has(status)
        ? headerListGet(responseHeaders, "location") : null;
    if (location === null) {
      return internal.responseFromHost(status, statusText, responseHeaders, responseBody, url,
                                       hops > 0);
    }
    if (hops === MAX_REDIRECTS) {
      throw new TypeError(`fetch() followed ${MAX_REDIRECTS} redirects from ${url} without ` +
          'reaching a response; use redirect: "manual" to see them');
    }
    let next;
    try {
      next = new PlatformURL(location, url);
    } catch {
      throw new TypeError(`fetch(): ${url} redirected to ${JSON.stringify(location)}, ` +
          "which is not a valid URL");
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      throw new TypeError(`fetch(): ${url} redirected to ${next.href}; only http: and https: ` +
          "URLs can be fetched");
    }
    // The Fetch Standard's method and body rewriting for 301, 302 and 303.
    if ((status === 303 && method !== "GET" && method !== "HEAD") ||
        ((status === 301 || status === 302) && method === "POST")) {
      method = "GET";
      body = null;
      headerList = headerListWithout(headerList, (name) => BODY_HEADERS.has(name));
    } else if (typeof body === "number") {
      // As the Fetch Standard says: a body that streamed cannot be sent again.
      throw new TypeError(`fetch(): ${url} redirected (${status}) a request whose body was a ` +
          "stream, which cannot be sent twice; send the body as bytes to follow redirects");
    }
    // Credentials do not follow a redirect to another origin.
    if (next.origin !== new PlatformURL(url).origin) {
      headerList = headerListWithout(headerList, (name) => name === "authorization");
    }
    url = next.href;
  }
}

function fetch(input, init = undefined) {
  try {
    requireArgs(arguments.length, 1, "fetch");
    return sendSubrequest(null, new Request(input, init));
  } catch (error) {
    return Promise.reject(error);
  }
}

// env.<name> for a service binding: another worker of the same tenant, reached without the
// network. (Workers calls this a Fetcher.)
class ServiceBinding {
  #name;

  constructor(key, name) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#name = name;
  }

  fetch(input, init = undefined) {
    try {
      requireArgs(arguments.length, 1, "fetch");
      return sendSubrequest(this.#name, new Request(input, init));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  static nameOf(value) {
    return value !== null && typeof value === "object" && #name in value ? value.#name : null;
  }
}
setToStringTag(ServiceBinding, "Fetcher");
internal.newServiceBinding = (name) => new ServiceBinding(INTERNAL, `${name}`);
// The binding name of one of the worker's service bindings; null for any other value.
internal.serviceBindingName = ServiceBinding.nameOf;
// For loader.js: a request to a sandbox goes as a subrequest whose binding is [key].
internal.sendSubrequest = sendSubrequest;

internal.Headers = Headers;
internal.Request = Request;
internal.Response = Response;
internal.isHeaders = isHeaders;
internal.isRequest = isRequest;
internal.isResponse = isResponse;
internal.headersFromList = headersFromList;
// A copy with the same guard (structuredClone of a Headers, as Workers does it).
internal.cloneHeaders = (headers) =>
  newHeaders(copyHeaderMap(headerMapOf(headers)), headersGuardOf(headers));

defineGlobal("Headers", Headers);
defineGlobal("Request", Request);
defineGlobal("Response", Response);
defineGlobal("fetch", fetch);
