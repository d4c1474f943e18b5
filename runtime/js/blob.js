// Blob and File (W3C File API) and FormData (WHATWG XMLHttpRequest), plus the
// multipart/form-data encoding and parsing that fetch.js uses for bodies.
//
// A Blob holds its bytes in one Uint8Array that is never handed to worker code (readers get
// copies), so slices and Files made from a Blob can share it.
//
// stream() returns a byte ReadableStream (streams.js).

const {
  defineGlobal, setToStringTag, toUSVString, bufferSourceBytes, requireArgs, dictionary,
  makeMembersEnumerable,
} = internal;

// Passed as a constructor's first argument by this file to build an object from already
// validated state. It never leaves this file, so worker code cannot forge it.
const INTERNAL = Symbol("blob.js internal");

const isObject = (v) => (typeof v === "object" || typeof v === "function") && v !== null;

// The File API's type normalization: a type with a character outside U+0020..U+007E is
// dropped (""); otherwise it is lowercased (ASCII only, since it is all ASCII).
function normalizeType(value) {
  const s = `${value}`;
  return /[^\x20-\x7e]/.test(s) ? "" : s.toLowerCase();
}

// Web IDL [Clamp] long long.
function clampLongLong(value) {
  let n = Number(value);
  if (Number.isNaN(n)) return 0;
  const max = Number.MAX_SAFE_INTEGER;  // every byte offset fits; larger values clamp alike
  if (n > max) return max;
  if (n < -max) return -max;
  // round half to even
  const f = Math.floor(n);
  const diff = n - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f === 0 ? 0 : f;  // -0 -> 0
  return f % 2 === 0 ? f : f + 1;
}

function concatBytes(chunks, total) {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Blob

let isBlob;
let blobBytes;  // (blob) -> Uint8Array (shared; do not modify or hand out)
let newBlob;    // (bytes, type) -> Blob, taking over bytes

// sequence<BlobPart> -> a list of Uint8Array (copies of buffers, a Blob's own bytes) and
// strings, converted in order as Web IDL does before the options are read.
function convertBlobParts(parts, what) {
  if (parts === undefined) return [];
  if (!isObject(parts) || typeof parts[Symbol.iterator] !== "function") {
    throw new TypeError(`${what}: the parts must be a sequence (an array, for example) of ` +
        "strings, ArrayBuffers, typed arrays, DataViews or Blobs.");
  }
  const list = [];
  for (const part of parts) {
    if (isObject(part)) {
      const view = bufferSourceBytes(part);
      if (view !== null) {
        list.push(new Uint8Array(view));  // a copy: the caller may change it
        continue;
      }
      if (isBlob(part)) {
        list.push(blobBytes(part));
        continue;
      }
    }
    list.push(toUSVString(`${part}`));
  }
  return list;
}

// The converted parts -> one Uint8Array. `endings` is "transparent" or "native" (LF here).
function joinBlobParts(list, endings) {
  const chunks = list.map((part) => {
    if (typeof part !== "string") return part;
    return internal.utf8Encode(endings === "native" ? part.replace(/\r\n?/g, "\n") : part);
  });
  if (chunks.length === 1) return chunks[0];
  return concatBytes(chunks, chunks.reduce((n, c) => n + c.length, 0));
}

// BlobPropertyBag -> [type, endings]; FilePropertyBag adds lastModified (read in between,
// as Web IDL reads dictionary members in alphabetical order: endings, lastModified, type).
function blobOptions(options, what, withLastModified) {
  const bag = dictionary(options, `${what}: options`);
  const endingsValue = bag.endings;
  let endings = "transparent";
  if (endingsValue !== undefined) {
    endings = `${endingsValue}`;
    if (endings !== "transparent" && endings !== "native") {
      throw new TypeError(`${what}: endings must be "transparent" or "native", got ` +
          `${JSON.stringify(endings)}.`);
    }
  }
  let lastModified;
  if (withLastModified) {
    const value = bag.lastModified;
    if (value !== undefined) {
      const n = Number(value);  // Web IDL long long: truncate; NaN and infinities become 0
      lastModified = Number.isFinite(n) ? Math.trunc(n) + 0 : 0;
    }
  }
  const typeValue = bag.type;
  const type = typeValue === undefined ? "" : normalizeType(typeValue);
  return [type, endings, lastModified];
}

class Blob {
  #bytes;
  #type;

  constructor(blobParts = undefined, options = undefined) {
    if (blobParts === INTERNAL) {
      this.#bytes = options.bytes;
      this.#type = options.type;
      return;
    }
    const what = "Failed to construct 'Blob'";
    const parts = convertBlobParts(blobParts, what);
    const [type, endings] = blobOptions(options, what, false);
    this.#bytes = joinBlobParts(parts, endings);
    this.#type = type;
  }

  get size() { return this.#bytes.length; }
  get type() { return this.#type; }

  slice(start = undefined, end = undefined, contentType = undefined) {
    const size = this.#bytes.length;
    let from = 0;
    if (start !== undefined) {
      const s = clampLongLong(start);
      from = s < 0 ? Math.max(size + s, 0) : Math.min(s, size);
    }
    let to = size;
    if (end !== undefined) {
      const e = clampLongLong(end);
      to = e < 0 ? Math.max(size + e, 0) : Math.min(e, size);
    }
    const type = contentType === undefined ? "" : normalizeType(contentType);
    const bytes = this.#bytes.subarray(from, Math.max(to, from));
    return new Blob(INTERNAL, { bytes, type });
  }

  async text() { return internal.utf8Decode(this.#bytes); }
  async arrayBuffer() { return new Uint8Array(this.#bytes).buffer; }
  async bytes() { return new Uint8Array(this.#bytes); }

  // A byte stream of the Blob's bytes (streams.js copies them as they are read).
  stream() {
    return internal.newBytesStream({ bytes: this.#bytes });
  }

  static {
    isBlob = (value) => isObject(value) && #bytes in value;
    blobBytes = (blob) => blob.#bytes;
    newBlob = (bytes, type) => new Blob(INTERNAL, { bytes, type });
  }
}
makeMembersEnumerable(Blob);
setToStringTag(Blob, "Blob");

// ---------------------------------------------------------------------------------------------
// File

let isFile;
let newFile;  // (bytes, name, type, lastModified) -> File

class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    if (fileBits === INTERNAL) {
      super(INTERNAL, fileName);
      this.#name = fileName.name;
      this.#lastModified = fileName.lastModified;
      return;
    }
    const what = "Failed to construct 'File'";
    requireArgs(arguments.length, 2, what);
    if (fileBits === undefined) {
      throw new TypeError(`${what}: the first argument (the parts) must be a sequence.`);
    }
    const parts = convertBlobParts(fileBits, what);
    const name = toUSVString(`${fileName}`);
    const [type, endings, lastModified] = blobOptions(options, what, true);
    super(INTERNAL, { bytes: joinBlobParts(parts, endings), type });
    this.#name = name;
    this.#lastModified = lastModified ?? Date.now();
  }

  get name() { return this.#name; }
  get lastModified() { return this.#lastModified; }

  static {
    isFile = (value) => isObject(value) && #name in value;
    newFile = (bytes, name, type, lastModified = Date.now()) =>
      new File(INTERNAL, { bytes, type, name, lastModified });
  }
}
makeMembersEnumerable(File);
setToStringTag(File, "File");

// ---------------------------------------------------------------------------------------------
// FormData

// An entry value: a string, or a File. A Blob that is not a File, or any Blob given with a
// filename, becomes a new File with the same bytes ("blob" when no filename is given).
function entryValue(value, filename, hasFilename, what) {
  if (isBlob(value)) {
    if (isFile(value) && !hasFilename) return value;
    const name = hasFilename ? toUSVString(`${filename}`) : "blob";
    return newFile(blobBytes(value), name, value.type,
        isFile(value) ? value.lastModified : Date.now());
  }
  if (hasFilename) {
    throw new TypeError(`${what}: a filename may only be given with a Blob or File value.`);
  }
  return toUSVString(`${value}`);
}

const ITERATOR_PROTOTYPE = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

let formDataList;  // (formData) -> the entry list: [[name, value], ...]

class FormDataIterator {
  #formData;
  #kind;
  #index = 0;

  constructor(token, formData, kind) {
    if (token !== INTERNAL) throw new TypeError("Illegal constructor.");
    this.#formData = formData;
    this.#kind = kind;
  }

  next() {
    if (!(#kind in this)) {
      throw new TypeError("next() called on an object that is not a FormData iterator.");
    }
    const list = this.#formData === null ? null : formDataList(this.#formData);
    if (list === null || this.#index >= list.length) {
      this.#formData = null;
      return { value: undefined, done: true };
    }
    const [name, value] = list[this.#index++];
    return {
      value: this.#kind === "keys" ? name : this.#kind === "values" ? value : [name, value],
      done: false,
    };
  }
}
Object.setPrototypeOf(FormDataIterator.prototype, ITERATOR_PROTOTYPE);
delete FormDataIterator.prototype.constructor;
Object.defineProperty(FormDataIterator.prototype, "next", { enumerable: true });
setToStringTag(FormDataIterator, "FormData Iterator");

let isFormData;

class FormData {
  #list = [];

  // Like Workers, an argument (an HTML form elsewhere) is ignored: there are no forms here.
  constructor(form = undefined) {}

  append(name, value, filename = undefined) {
    requireArgs(arguments.length, 2, "FormData.append");
    const n = toUSVString(`${name}`);
    this.#list.push([n, entryValue(value, filename, arguments.length > 2, "FormData.append")]);
  }

  delete(name) {
    requireArgs(arguments.length, 1, "FormData.delete");
    const n = toUSVString(`${name}`);
    this.#list = this.#list.filter(([entryName]) => entryName !== n);
  }

  get(name) {
    requireArgs(arguments.length, 1, "FormData.get");
    const n = toUSVString(`${name}`);
    const entry = this.#list.find(([entryName]) => entryName === n);
    return entry === undefined ? null : entry[1];
  }

  getAll(name) {
    requireArgs(arguments.length, 1, "FormData.getAll");
    const n = toUSVString(`${name}`);
    return this.#list.filter(([entryName]) => entryName === n).map(([, value]) => value);
  }

  has(name) {
    requireArgs(arguments.length, 1, "FormData.has");
    const n = toUSVString(`${name}`);
    return this.#list.some(([entryName]) => entryName === n);
  }

  set(name, value, filename = undefined) {
    requireArgs(arguments.length, 2, "FormData.set");
    const n = toUSVString(`${name}`);
    const entry = [n, entryValue(value, filename, arguments.length > 2, "FormData.set")];
    const i = this.#list.findIndex(([entryName]) => entryName === n);
    if (i === -1) {
      this.#list.push(entry);
    } else {
      this.#list[i] = entry;
      this.#list = this.#list.filter(([entryName], j) => j <= i || entryName !== n);
    }
  }

  // Live, like the iterators: entries added by the callback are visited.
  forEach(callback, thisArg = undefined) {
    requireArgs(arguments.length, 1, "FormData.forEach");
    if (typeof callback !== "function") {
      throw new TypeError("FormData.forEach: the callback must be a function.");
    }
    for (let i = 0; i < this.#list.length; i++) {
      const [name, value] = this.#list[i];
      callback.call(thisArg, value, name, this);
    }
  }

  entries() { return new FormDataIterator(INTERNAL, (this.#list, this), "entries"); }
  keys() { return new FormDataIterator(INTERNAL, (this.#list, this), "keys"); }
  values() { return new FormDataIterator(INTERNAL, (this.#list, this), "values"); }

  static {
    isFormData = (value) => isObject(value) && #list in value;
    formDataList = (formData) => formData.#list;
  }
}
Object.defineProperty(FormData.prototype, Symbol.iterator, {
  value: FormData.prototype.entries,
  writable: true,
  configurable: true,
});
makeMembersEnumerable(FormData);
setToStringTag(FormData, "FormData");

// ---------------------------------------------------------------------------------------------
// multipart/form-data (HTML, "multipart/form-data encoding algorithm" and parser)

// CR not followed by LF, and LF not preceded by CR, become CRLF.
const normalizeNewlines = (s) => s.replace(/\r(?!\n)|(?<!\r)\n/g, "\r\n");
// In names and filenames: LF, CR and " are percent-escaped.
const escapeName = (s) => s.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");

function makeBoundary() {
  const random = new Uint8Array(16);
  native.randomFill(random);
  let hex = "";
  for (const b of random) hex += b.toString(16).padStart(2, "0");
  return hex;  // 32 hex digits, like Workers' boundaries
}

// FormData -> [bytes, content type].
function encodeMultipart(formData) {
  const boundary = makeBoundary();
  const enc = internal.utf8Encode;
  const chunks = [];
  let total = 0;
  const add = (bytes) => { chunks.push(bytes); total += bytes.length; };
  for (const [name, value] of formDataList(formData)) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="` +
        `${escapeName(normalizeNewlines(name))}"`;
    if (typeof value === "string") {
      add(enc(`${head}\r\n\r\n${normalizeNewlines(value)}\r\n`));
    } else {
      head += `; filename="${escapeName(value.name)}"\r\nContent-Type: ` +
          `${value.type || "application/octet-stream"}\r\n\r\n`;
      add(enc(head));
      add(blobBytes(value));
      add(enc("\r\n"));
    }
  }
  add(enc(`--${boundary}--`));  // like Workers, no CRLF after the close delimiter
  return [concatBytes(chunks, total), `multipart/form-data; boundary=${boundary}`];
}

// A MIME type's essence (lowercased) and its parameters (names lowercased), or null.
function parseMimeType(value) {
  const s = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
  const match = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\/([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[\t\n\r ]*/
      .exec(s);
  if (match === null) return null;
  const essence = `${match[1]}/${match[2]}`.toLowerCase();
  const params = new Map();
  let i = match[0].length;
  while (i < s.length) {
    if (s[i] !== ";") return { essence, params };  // stray text: ignore the rest
    i++;
    while (i < s.length && /[\t\n\r ]/.test(s[i])) i++;
    let nameEnd = i;
    while (nameEnd < s.length && s[nameEnd] !== ";" && s[nameEnd] !== "=") nameEnd++;
    const name = s.slice(i, nameEnd).toLowerCase();
    i = nameEnd;
    if (i >= s.length || s[i] === ";") continue;
    i++;  // "="
    let paramValue;
    if (s[i] === '"') {
      paramValue = "";
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\" && i + 1 < s.length) i++;
        paramValue += s[i++];
      }
      i++;
      while (i < s.length && s[i] !== ";") i++;
    } else {
      let end = i;
      while (end < s.length && s[end] !== ";") end++;
      paramValue = s.slice(i, end).replace(/[\t\n\r ]+$/, "");
      i = end;
    }
    if (name !== "" && !params.has(name)) params.set(name, paramValue);
  }
  return { essence, params };
}

function indexOfBytes(haystack, needle, from) {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (let i = haystack.indexOf(first, from); i !== -1 && i <= last;
       i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

const latin1 = (bytes) => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  }
  return s;
};

const unescapeName = (s) => s.replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%22/g, '"');

function multipartError(detail) {
  return new TypeError(`Failed to parse the body as multipart/form-data: ${detail}.`);
}

// Content-Disposition header value (latin1 string) -> [name, filename or null].
function parseDisposition(value) {
  const m = /^[\t ]*form-data[\t ]*(;.*)?$/i.exec(value);
  if (m === null) throw multipartError("a part's Content-Disposition is not form-data");
  let name = null;
  let filename = null;
  const re = /;[\t ]*([A-Za-z0-9*_-]+)[\t ]*=[\t ]*(?:"([^"]*)"|([^;\t ]*))[\t ]*/gy;
  const rest = m[1] ?? "";
  re.lastIndex = 0;
  let p;
  while (re.lastIndex < rest.length && (p = re.exec(rest)) !== null) {
    const key = p[1].toLowerCase();
    const v = p[2] ?? p[3];
    if (key === "name" && name === null) name = v;
    else if (key === "filename" && filename === null) filename = v;
  }
  if (name === null) throw multipartError("a part has no name");
  return [name, filename];
}

// Bytes with a multipart/form-data boundary -> FormData; TypeError when malformed.
function parseMultipart(bytes, boundary) {
  const enc = internal.utf8Encode;
  const decode = internal.utf8Decode;
  const delimiter = enc(`--${boundary}`);
  const formData = new FormData(INTERNAL);
  const list = formDataList(formData);
  let pos = indexOfBytes(bytes, delimiter, 0);
  if (pos === -1) throw multipartError("the boundary was not found");
  pos += delimiter.length;
  const nextDelimiter = enc(`\r\n--${boundary}`);
  for (;;) {
    // After a delimiter: "--" ends the body; otherwise optional whitespace, then CRLF.
    if (bytes[pos] === 0x2d && bytes[pos + 1] === 0x2d) return formData;
    while (bytes[pos] === 0x20 || bytes[pos] === 0x09) pos++;
    if (bytes[pos] !== 0x0d || bytes[pos + 1] !== 0x0a) {
      throw multipartError("a boundary is not followed by CRLF");
    }
    pos += 2;
    // Headers, up to an empty line.
    let name = null;
    let filename = null;
    let contentType = null;
    for (;;) {
      const eol = indexOfBytes(bytes, [0x0d, 0x0a], pos);
      if (eol === -1) throw multipartError("a part's headers are not terminated");
      const line = latin1(bytes.subarray(pos, eol));
      pos = eol + 2;
      if (line === "") break;
      const colon = line.indexOf(":");
      if (colon <= 0) throw multipartError("a part has a malformed header");
      const headerName = line.slice(0, colon).trim().toLowerCase();
      const headerValue = line.slice(colon + 1).trim();
      if (headerName === "content-disposition") {
        [name, filename] = parseDisposition(headerValue);
      } else if (headerName === "content-type") {
        contentType = headerValue;
      }
    }
    if (name === null) throw multipartError("a part has no Content-Disposition header");
    const end = indexOfBytes(bytes, nextDelimiter, pos);
    if (end === -1) throw multipartError("the final boundary is missing");
    const body = bytes.slice(pos, end);
    const entryName = unescapeName(decode(Uint8Array.from(name, (c) => c.charCodeAt(0))));
    let value;
    if (filename !== null) {
      const fileName = unescapeName(decode(Uint8Array.from(filename, (c) => c.charCodeAt(0))));
      // Like Workers, a part without a Content-Type gives a File with type "".
      const type = contentType === null ? "" : normalizeType(contentType);
      value = newFile(body, fileName, type);
    } else {
      value = decode(body);
    }
    list.push([entryName, value]);
    pos = end + nextDelimiter.length;
  }
}

// A Content-Type header value (or null) -> its serialized MIME type, or "" (Body.blob()).
function mimeTypeOf(value) {
  const mime = value === null ? null : parseMimeType(value);
  if (mime === null) return "";
  let out = mime.essence;
  for (const [name, paramValue] of mime.params) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) continue;
    out += `;${name}=`;
    out += /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(paramValue) ? paramValue
      : `"${paramValue.replace(/["\\]/g, "\\$&")}"`;
  }
  return out;
}

// Body bytes + its Content-Type (string or null) -> FormData, for Body.formData().
function parseFormDataBody(bytes, contentType) {
  const mime = contentType === null ? null : parseMimeType(contentType);
  if (mime !== null && mime.essence === "multipart/form-data") {
    const boundary = mime.params.get("boundary");
    if (boundary === undefined || boundary === "") {
      throw new TypeError("Failed to parse the body as multipart/form-data: the " +
          "Content-Type has no boundary parameter.");
    }
    return parseMultipart(bytes, boundary);
  }
  if (mime !== null && mime.essence === "application/x-www-form-urlencoded") {
    const formData = new FormData(INTERNAL);
    const list = formDataList(formData);
    for (const pair of internal.parseUrlencoded(internal.utf8Decode(bytes))) list.push(pair);
    return formData;
  }
  throw new TypeError("Body.formData() needs a Content-Type of multipart/form-data or " +
      `application/x-www-form-urlencoded, got ${contentType === null ? "none"
        : JSON.stringify(contentType)}.`);
}

internal.Blob = Blob;
internal.File = File;
internal.FormData = FormData;
internal.isBlob = isBlob;
internal.isFile = isFile;
internal.isFormData = isFormData;
internal.blobBytes = blobBytes;
internal.newBlob = newBlob;
internal.encodeMultipart = encodeMultipart;
internal.parseFormDataBody = parseFormDataBody;
internal.mimeTypeOf = mimeTypeOf;

defineGlobal("Blob", Blob);
defineGlobal("File", File);
defineGlobal("FormData", FormData);
