// The WHATWG Streams Standard as Cloudflare Workers exposes it: ReadableStream (default and
// byte streams, default and BYOB readers, tee, pipeTo/pipeThrough, async iteration,
// ReadableStream.from), WritableStream, TransformStream, the two queuing strategies,
// TextEncoderStream / TextDecoderStream (on encoding.js's TextDecoder), CompressionStream /
// DecompressionStream, and Cloudflare Workers' own extensions (IdentityTransformStream,
// FixedLengthStream, ReadableStreamBYOBReader.readAtLeast, expectedLength), with workerd's
// behaviour.
//
// The abstract operations follow the standard's algorithms, step for step and under their
// names. Each public object holds one private field, a record (a null-prototype object worker
// code never sees) with the standard's internal slots; the operations work on records, and
// `record.obj` is the public object. Every promise the platform makes or waits on goes through
// the intrinsics captured below, so a worker replacing Promise.prototype.then or the
// typed-array getters does not change how streams behave.
//
// Where workerd departs from the standard, this file follows the standard (see
// tests/conformance/NOTES.md, "Deliberate differences"): a null underlying source or sink is
// a TypeError, an invalid highWaterMark a RangeError, a byte stream with a size() and a sink
// or transformer with a `type` are RangeErrors, ByteLengthQueuingStrategy and
// CountQueuingStrategy need a highWaterMark and share one size function each, and
// @@asyncIterator is `values`.

const {
  defineGlobal, setToStringTag, makeMembersEnumerable, requireArgs, DOMException,
} = internal;

// Passed as a constructor's first argument by this file to wrap an already set up record.
const INTERNAL = Symbol("streams.js internal");

// ---------------------------------------------------------------------------------------------
// Intrinsics, captured before worker code runs

const { apply } = Reflect;
const PromiseCtor = Promise;
const promiseThen = Promise.prototype.then;
const promiseResolveFn = Promise.resolve;
const promiseRejectFn = Promise.reject;
const ArrayBufferCtor = ArrayBuffer;
const DataViewCtor = DataView;
const U8 = Uint8Array;
const { isView } = ArrayBuffer;
const typedArrayProto = Object.getPrototypeOf(U8.prototype);
const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
const taBuffer = getter(typedArrayProto, "buffer");
const taByteOffset = getter(typedArrayProto, "byteOffset");
const taByteLength = getter(typedArrayProto, "byteLength");
const taLength = getter(typedArrayProto, "length");
const taTag = getter(typedArrayProto, Symbol.toStringTag);
const taSet = typedArrayProto.set;
const dvBuffer = getter(DataView.prototype, "buffer");
const dvByteOffset = getter(DataView.prototype, "byteOffset");
const dvByteLength = getter(DataView.prototype, "byteLength");
const abByteLength = getter(ArrayBuffer.prototype, "byteLength");
const signalAborted = getter(internal.AbortSignal.prototype, "aborted");
const signalReason = getter(internal.AbortSignal.prototype, "reason");
const { isAbortSignal, abortSignalAdd, signalAbort, newAbortSignal } = internal;
const { getPrototypeOf, defineProperty } = Object;
const symbolAsyncIterator = Symbol.asyncIterator;
const symbolIterator = Symbol.iterator;
const NumberCtor = Number;
const { MAX_SAFE_INTEGER } = Number;
const MAX_SAFE_BIGINT = 9007199254740991n;
const numberIsNaN = Number.isNaN;
const numberIsFinite = Number.isFinite;
const mathMin = Math.min;
const mathTrunc = Math.trunc;
const stringCharCodeAt = String.prototype.charCodeAt;
const stringSlice = String.prototype.slice;
const PlatformTextDecoder = internal.TextDecoder;
const textDecoderDecode = PlatformTextDecoder.prototype.decode;
const textDecoderGetters = ["encoding", "fatal", "ignoreBOM"].map(
    (name) => getter(PlatformTextDecoder.prototype, name));
const ASYNC_ITERATOR_PROTOTYPE = getPrototypeOf(getPrototypeOf((async function* () {}).prototype));

const TYPED_ARRAYS = new Map();
for (const ctor of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
  Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array]) {
  TYPED_ARRAYS.set(ctor.name, { ctor, size: ctor.BYTES_PER_ELEMENT });
}
const mapGet = Map.prototype.get;
const typedArrayInfo = (name) => apply(mapGet, TYPED_ARRAYS, [name]);

const isObject = (v) => v !== null && (typeof v === "object" || typeof v === "function");
const noop = () => {};

// ---------------------------------------------------------------------------------------------
// Promises (the standard's "a promise resolved with", "upon fulfillment", ...)

const resolvedWith = (value) => apply(promiseResolveFn, PromiseCtor, [value]);
const rejectedWith = (reason) => apply(promiseRejectFn, PromiseCtor, [reason]);
const then = (promise, onFulfilled, onRejected) =>
  apply(promiseThen, promise, [onFulfilled, onRejected]);
const setHandled = (promise) => { apply(promiseThen, promise, [undefined, noop]); };
// Reactions that never throw (so the promise `then` returns never rejects unhandled).
const upon = (promise, onFulfilled, onRejected) => {
  setHandled(apply(promiseThen, promise, [onFulfilled, onRejected]));
};
// Settles `deferred` as `promise` settles. (Resolving a promise with another promise looks up
// its `then`, which worker code may have replaced: the platform's own chains never do that.)
const forward = (promise, deferred) => upon(promise, deferred.resolve, deferred.reject);
const RESOLVED = resolvedWith(undefined);
const queueMicrotask = (fn) => { apply(promiseThen, RESOLVED, [fn]); };

// A promise with its resolving functions and whether it is still pending, as the standard
// asks about a promise's state ("if writer.[[closedPromise]] is pending").
function newDeferred() {
  const d = { __proto__: null, promise: undefined, resolve: undefined, reject: undefined,
    pending: true };
  d.promise = new PromiseCtor((resolve, reject) => {
    d.resolve = (value) => { d.pending = false; resolve(value); };
    d.reject = (reason) => { d.pending = false; reject(reason); };
  });
  return d;
}
function settledDeferred(promise) {
  return { __proto__: null, promise, resolve: noop, reject: noop, pending: false };
}
const resolvedDeferred = () => settledDeferred(resolvedWith(undefined));
function rejectedDeferred(reason) {
  const promise = rejectedWith(reason);
  setHandled(promise);
  return settledDeferred(promise);
}

// Web IDL: calling a callback that returns a Promise turns an exception into a rejection.
function promiseCall(fn, thisArg, args) {
  try {
    return resolvedWith(apply(fn, thisArg, args));
  } catch (error) {
    return rejectedWith(error);
  }
}

// ---------------------------------------------------------------------------------------------
// A FIFO queue (linked list): no Array methods a worker could replace, O(1) at both ends.

class Queue {
  constructor() {
    this.head = null;
    this.tail = null;
    this.size = 0;
  }

  push(value) {
    const node = { __proto__: null, value, next: null };
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.size++;
  }

  shift() {
    const node = this.head;
    this.head = node.next;
    if (this.head === null) this.tail = null;
    this.size--;
    return node.value;
  }

  peek() { return this.head.value; }
}

// ---------------------------------------------------------------------------------------------
// Buffers

function isDetached(buffer) {
  if (apply(abByteLength, buffer, []) !== 0) return false;
  try {
    new U8(buffer);
    return false;
  } catch {
    return true;
  }
}

// TransferArrayBuffer: a new ArrayBuffer with `buffer`'s memory; `buffer` is detached.
function transferArrayBuffer(buffer) {
  return native.structuredClone(buffer, [buffer]);
}

function copyDataBlockBytes(to, toIndex, from, fromIndex, count) {
  apply(taSet, new U8(to, toIndex, count), [new U8(from, fromIndex, count)]);
}

function cloneArrayBuffer(buffer, byteOffset, byteLength) {
  const copy = new ArrayBufferCtor(byteLength);
  copyDataBlockBytes(copy, 0, buffer, byteOffset, byteLength);
  return copy;
}

// An ArrayBufferView's parts through the captured getters: { buffer, byteOffset, byteLength,
// ctor, elementSize, length } (ctor is DataView for a DataView), or null for anything else.
function viewParts(view) {
  if (!isView(view)) return null;
  const name = apply(taTag, view, []);
  if (name === undefined) {
    return { __proto__: null, buffer: apply(dvBuffer, view, []),
      byteOffset: apply(dvByteOffset, view, []), byteLength: apply(dvByteLength, view, []),
      ctor: DataViewCtor, elementSize: 1, length: undefined };
  }
  const info = typedArrayInfo(name);
  return { __proto__: null, buffer: apply(taBuffer, view, []),
    byteOffset: apply(taByteOffset, view, []), byteLength: apply(taByteLength, view, []),
    ctor: info.ctor, elementSize: info.size, length: apply(taLength, view, []) };
}

function requireView(view, what) {
  const parts = viewParts(view);
  if (parts === null) {
    throw new TypeError(`${what}: the argument must be an ArrayBuffer view (such as a ` +
        "Uint8Array or a DataView).");
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Web IDL conversions

// A dictionary argument: undefined and null are empty; other primitives are TypeErrors.
function dictionaryOf(value, what) {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new TypeError(`${what} must be an object.`);
  return value;
}

// A callback member: undefined, or a function.
function callbackOf(dict, name, what) {
  const value = dict[name];
  if (value === undefined) return undefined;
  if (typeof value !== "function") {
    throw new TypeError(`${what}: '${name}' must be a function, got ${typeof value}.`);
  }
  return value;
}

// QueuingStrategy: { highWaterMark (unrestricted double), size (callback) }.
function queuingStrategyOf(value, what) {
  const dict = dictionaryOf(value, `${what}: the queuing strategy`);
  const highWaterMark = dict.highWaterMark;
  const size = callbackOf(dict, "size", `${what}: the queuing strategy`);
  return { __proto__: null, highWaterMark: highWaterMark === undefined ? undefined
    : +highWaterMark, size };
}

function extractHighWaterMark(strategy, defaultHWM, what) {
  const { highWaterMark } = strategy;
  if (highWaterMark === undefined) return defaultHWM;
  if (numberIsNaN(highWaterMark) || highWaterMark < 0) {
    throw new RangeError(`${what}: highWaterMark must be a non-negative number, got ` +
        `${highWaterMark}.`);
  }
  return highWaterMark;
}

function extractSizeAlgorithm(strategy) {
  const { size } = strategy;
  if (size === undefined) return () => 1;
  return (chunk) => +apply(size, undefined, [chunk]);
}

// [EnforceRange] unsigned long long.
function enforceRange(value, what) {
  const n = +value;
  if (!numberIsFinite(n)) throw new TypeError(`${what} must be a finite number, got ${n}.`);
  const t = mathTrunc(n);
  if (t < 0 || t > Number.MAX_SAFE_INTEGER) {
    throw new TypeError(`${what} must be between 0 and ${Number.MAX_SAFE_INTEGER}, got ${t}.`);
  }
  return t === 0 ? 0 : t;
}

// A count of bytes for Workers' extensions (FixedLengthStream's length, expectedLength, their
// highWaterMark), converted as workerd converts its `uint64_t` arguments: a BigInt or a number
// (fractions dropped), not negative; NaN, infinities and what converts to them are TypeErrors.
// Limited to 2^53 - 1, the integers a number holds exactly.
function byteCountOf(value, what) {
  let n;
  if (typeof value === "bigint") {
    if (value < 0n) throw new TypeError(`${what} must not be negative, got ${value}.`);
    n = value > MAX_SAFE_BIGINT ? Infinity : NumberCtor(value);
  } else {
    n = +value;
    if (n !== n || n === Infinity || n === -Infinity) {
      throw new TypeError(`${what} must be a whole number of bytes, got ${typeof value === "string"
        ? JSON.stringify(value) : typeof value === "object" ? "an object" : n}.`);
    }
    if (n < 0) throw new TypeError(`${what} must not be negative, got ${n}.`);
    n = mathTrunc(n);
  }
  if (n > MAX_SAFE_INTEGER) {
    throw new TypeError(`${what} must be less than 2^53, got ${value}.`);
  }
  return n === 0 ? 0 : n;
}

// Web IDL `long` as workerd converts it (readAtLeast's minElements): NaN is 0, fractions are
// dropped, and a value outside the 32-bit range is a TypeError (not wrapped around).
function int32Of(value, what) {
  const n = +value;
  if (n !== n) return 0;
  const t = mathTrunc(n);
  if (t < -2147483648 || t > 2147483647) {
    throw new TypeError(`${what} must be between -2147483648 and 2147483647, got ${n}.`);
  }
  return t === 0 ? 0 : t;
}

// A brand check failed: `name` was called on something that is not what it belongs to.
const illegalInvocation = (what, expected) =>
  new TypeError(`${what} called on an object that is not a ${expected}.`);
const illegalConstructor = (name) =>
  new TypeError(`Illegal constructor: ${name} objects are made by the platform, not with new.`);

// ---------------------------------------------------------------------------------------------
// Queue-with-sizes (the standard's "Queue-with-sizes" operations on a controller record)

function dequeueValue(container) {
  const pair = container.queue.shift();
  container.queueTotalSize -= pair.size;
  if (container.queueTotalSize < 0) container.queueTotalSize = 0;
  return pair.value;
}

function enqueueValueWithSize(container, value, size) {
  if (!(typeof size === "number" && size >= 0) || size === Infinity) {
    throw new RangeError("The queuing strategy's size() must return a finite, non-negative " +
        `number, got ${size}.`);
  }
  container.queue.push({ __proto__: null, value, size });
  container.queueTotalSize += size;
}

const peekQueueValue = (container) => container.queue.peek().value;

function resetQueue(container) {
  container.queue = new Queue();
  container.queueTotalSize = 0;
}

// =============================================================================================
// ReadableStream: records and the stream-level operations
//
// A stream record: state ("readable", "closed", "errored"), reader (a reader record or
// undefined), storedError, disturbed, controller (a controller record). A reader record: kind
// ("default" or "byob"), stream, closed (deferred), requests (Queue of read requests or
// read-into requests). A read request is { chunkSteps, closeSteps, errorSteps }.
// expectedLength (Workers' extension) is the number of bytes the stream will give, when known
// in advance (a FixedLengthStream's readable side, or `expectedLength` given to the
// constructor): a body made of the stream is sent with that Content-Length.

function newReadableStreamRecord() {
  return { __proto__: null, obj: undefined, state: "readable", reader: undefined,
    storedError: undefined, disturbed: false, controller: undefined,
    expectedLength: undefined };
}

const isReadableStreamLocked = (stream) => stream.reader !== undefined;

function readableStreamAddReadRequest(stream, readRequest) {
  stream.reader.requests.push(readRequest);
}
const readableStreamAddReadIntoRequest = readableStreamAddReadRequest;

function readableStreamCancel(stream, reason) {
  stream.disturbed = true;
  if (stream.state === "closed") return resolvedWith(undefined);
  if (stream.state === "errored") return rejectedWith(stream.storedError);
  readableStreamClose(stream);
  const reader = stream.reader;
  if (reader !== undefined && reader.kind === "byob") {
    const requests = reader.requests;
    reader.requests = new Queue();
    while (requests.size > 0) requests.shift().closeSteps(undefined);
  }
  const sourceCancelPromise = stream.controller.cancelSteps(reason);
  return then(sourceCancelPromise, noop);
}

function readableStreamClose(stream) {
  stream.state = "closed";
  const reader = stream.reader;
  if (reader === undefined) return;
  reader.closed.resolve(undefined);
  if (reader.kind === "default") {
    const requests = reader.requests;
    reader.requests = new Queue();
    while (requests.size > 0) requests.shift().closeSteps();
  }
}

function readableStreamError(stream, e) {
  stream.state = "errored";
  stream.storedError = e;
  const reader = stream.reader;
  if (reader === undefined) return;
  reader.closed.reject(e);
  setHandled(reader.closed.promise);
  readerErrorRequests(reader, e);
}

function readableStreamFulfillReadRequest(stream, chunk, done) {
  const readRequest = stream.reader.requests.shift();
  if (done) readRequest.closeSteps();
  else readRequest.chunkSteps(chunk);
}

function readableStreamFulfillReadIntoRequest(stream, chunk, done) {
  const readIntoRequest = stream.reader.requests.shift();
  if (done) readIntoRequest.closeSteps(chunk);
  else readIntoRequest.chunkSteps(chunk);
}

const readableStreamGetNumReadRequests = (stream) => stream.reader.requests.size;
const readableStreamGetNumReadIntoRequests = readableStreamGetNumReadRequests;
const readableStreamHasDefaultReader = (stream) =>
  stream.reader !== undefined && stream.reader.kind === "default";
const readableStreamHasBYOBReader = (stream) =>
  stream.reader !== undefined && stream.reader.kind === "byob";

// ---------------------------------------------------------------------------------------------
// Readers

function newReaderRecord(kind) {
  return { __proto__: null, obj: undefined, kind, stream: undefined, closed: undefined,
    requests: new Queue() };
}

function readableStreamReaderGenericInitialize(reader, stream) {
  reader.stream = stream;
  stream.reader = reader;
  if (stream.state === "readable") reader.closed = newDeferred();
  else if (stream.state === "closed") reader.closed = resolvedDeferred();
  else reader.closed = rejectedDeferred(stream.storedError);
}

function readableStreamReaderGenericCancel(reader, reason) {
  return readableStreamCancel(reader.stream, reason);
}

const releasedError = () => new TypeError("This reader was released: its releaseLock() was " +
    "called, so it can no longer read from or cancel the stream. Get a new reader.");

function readableStreamReaderGenericRelease(reader) {
  const stream = reader.stream;
  if (stream.state === "readable") {
    reader.closed.reject(releasedError());
  } else {
    reader.closed = rejectedDeferred(releasedError());
  }
  setHandled(reader.closed.promise);
  stream.controller.releaseSteps();
  stream.reader = undefined;
  reader.stream = undefined;
}

function readerErrorRequests(reader, e) {
  const requests = reader.requests;
  reader.requests = new Queue();
  while (requests.size > 0) requests.shift().errorSteps(e);
}

function readableStreamDefaultReaderRelease(reader) {
  readableStreamReaderGenericRelease(reader);
  readerErrorRequests(reader, releasedError());
}
const readableStreamBYOBReaderRelease = readableStreamDefaultReaderRelease;

function readableStreamDefaultReaderRead(reader, readRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === "closed") readRequest.closeSteps();
  else if (stream.state === "errored") readRequest.errorSteps(stream.storedError);
  else stream.controller.pullSteps(readRequest);
}

function readableStreamBYOBReaderRead(reader, view, min, readIntoRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === "errored") readIntoRequest.errorSteps(stream.storedError);
  else readableByteStreamControllerPullInto(stream.controller, view, min, readIntoRequest);
}

const LOCKED_MESSAGE = "This ReadableStream is locked to a reader; release the reader " +
    "(releaseLock()) first.";

function setUpReadableStreamDefaultReader(reader, stream) {
  if (isReadableStreamLocked(stream)) throw new TypeError(LOCKED_MESSAGE);
  readableStreamReaderGenericInitialize(reader, stream);
}

function setUpReadableStreamBYOBReader(reader, stream) {
  if (isReadableStreamLocked(stream)) throw new TypeError(LOCKED_MESSAGE);
  if (stream.controller.kind !== "byte") {
    throw new TypeError("A BYOB reader needs a byte stream (one made with type: \"bytes\"); " +
        "use getReader() without a mode for this stream.");
  }
  readableStreamReaderGenericInitialize(reader, stream);
}

function acquireReadableStreamDefaultReader(stream) {
  const reader = newReaderRecord("default");
  setUpReadableStreamDefaultReader(reader, stream);
  return reader;
}

function acquireReadableStreamBYOBReader(stream) {
  const reader = newReaderRecord("byob");
  setUpReadableStreamBYOBReader(reader, stream);
  return reader;
}

// The read request of reader.read(): its promise gets { value, done }.
function promiseReadRequest(deferred) {
  return {
    __proto__: null,
    chunkSteps: (chunk) => deferred.resolve({ value: chunk, done: false }),
    closeSteps: (chunk) => deferred.resolve({ value: chunk, done: true }),
    errorSteps: (e) => deferred.reject(e),
  };
}

class ReadableStreamDefaultReader {
  #reader;

  constructor(stream) {
    if (stream === INTERNAL) {
      this.#reader = arguments[1];
      this.#reader.obj = this;
      return;
    }
    requireArgs(arguments.length, 1, "Failed to construct 'ReadableStreamDefaultReader'");
    const record = streamRecordOf(stream);
    if (record === undefined) {
      throw new TypeError("Failed to construct 'ReadableStreamDefaultReader': the argument " +
          "must be a ReadableStream.");
    }
    const reader = newReaderRecord("default");
    setUpReadableStreamDefaultReader(reader, record);
    reader.obj = this;
    this.#reader = reader;
  }

  get closed() {
    if (!isObject(this) || !(#reader in this)) {
      return rejectedWith(illegalInvocation("closed", "ReadableStreamDefaultReader"));
    }
    return this.#reader.closed.promise;
  }

  cancel(reason = undefined) {
    if (!isObject(this) || !(#reader in this)) {
      return rejectedWith(illegalInvocation("cancel()", "ReadableStreamDefaultReader"));
    }
    if (this.#reader.stream === undefined) return rejectedWith(releasedError());
    return readableStreamReaderGenericCancel(this.#reader, reason);
  }

  read() {
    if (!isObject(this) || !(#reader in this)) {
      return rejectedWith(illegalInvocation("read()", "ReadableStreamDefaultReader"));
    }
    const reader = this.#reader;
    if (reader.stream === undefined) return rejectedWith(releasedError());
    const deferred = newDeferred();
    readableStreamDefaultReaderRead(reader, promiseReadRequest(deferred));
    return deferred.promise;
  }

  releaseLock() {
    if (!isObject(this) || !(#reader in this)) {
      throw illegalInvocation("releaseLock()", "ReadableStreamDefaultReader");
    }
    const reader = this.#reader;
    if (reader.stream === undefined) return;
    readableStreamDefaultReaderRelease(reader);
  }

}

// Why a BYOB read cannot go into the view `parts` (a TypeError), or null: the view is empty,
// or its buffer is (detached by an earlier read, most likely).
function unreadableViewError(parts, what, unit) {
  if (parts.byteLength === 0) {
    return new TypeError(`${what}: the view is empty; pass a view with room for at least one ` +
        `${unit}.`);
  }
  if (apply(abByteLength, parts.buffer, []) !== 0) return null;
  return new TypeError(isDetached(parts.buffer)
    ? `${what}: the view's buffer is detached (it was transferred, e.g. by an earlier read); ` +
      "read into a new view, such as the one the last read returned."
    : `${what}: the view's buffer is empty.`);
}

class ReadableStreamBYOBReader {
  #reader;

  constructor(stream) {
    if (stream === INTERNAL) {
      this.#reader = arguments[1];
      this.#reader.obj = this;
      return;
    }
    requireArgs(arguments.length, 1, "Failed to construct 'ReadableStreamBYOBReader'");
    const record = streamRecordOf(stream);
    if (record === undefined) {
      throw new TypeError("Failed to construct 'ReadableStreamBYOBReader': the argument " +
          "must be a ReadableStream.");
    }
    const reader = newReaderRecord("byob");
    setUpReadableStreamBYOBReader(reader, record);
    reader.obj = this;
    this.#reader = reader;
  }

  get closed() {
    if (!isObject(this) || !(#reader in this)) {
      return rejectedWith(illegalInvocation("closed", "ReadableStreamBYOBReader"));
    }
    return this.#reader.closed.promise;
  }

  cancel(reason = undefined) {
    if (!isObject(this) || !(#reader in this)) {
      return rejectedWith(illegalInvocation("cancel()", "ReadableStreamBYOBReader"));
    }
    if (this.#reader.stream === undefined) return rejectedWith(releasedError());
    return readableStreamReaderGenericCancel(this.#reader, reason);
  }

  read(view, options = undefined) {
    if (!isObject(this) || !(#reader in this)) {
      return rejectedWith(illegalInvocation("read()", "ReadableStreamBYOBReader"));
    }
    const what = "ReadableStreamBYOBReader.read";
    let parts;
    let min;
    try {
      requireArgs(arguments.length, 1, what);
      parts = requireView(view, what);
      const dict = dictionaryOf(options, `${what}: options`);
      min = dict.min === undefined ? 1 : enforceRange(dict.min, `${what}: options.min`);
    } catch (error) {
      return rejectedWith(error);
    }
    const unreadable = unreadableViewError(parts, what, "byte");
    if (unreadable !== null) return rejectedWith(unreadable);
    if (min === 0) {
      return rejectedWith(new TypeError(`${what}: options.min must be at least 1.`));
    }
    if (parts.length !== undefined ? min > parts.length : min > parts.byteLength) {
      return rejectedWith(new RangeError(`${what}: options.min (${min}) is larger than the ` +
          "view."));
    }
    const reader = this.#reader;
    if (reader.stream === undefined) return rejectedWith(releasedError());
    const deferred = newDeferred();
    readableStreamBYOBReaderRead(reader, parts, min, promiseReadRequest(deferred));
    return deferred.promise;
  }

  // Workers' extension: read(view, { min: minElements }), except that every argument error is
  // a TypeError and that at the end of the stream the bytes short of the minimum come as a
  // chunk of their own ({ value, done: false }) before the read that says done, as in Workers.
  readAtLeast(minElements, view) {
    if (!isObject(this) || !(#reader in this)) {
      return rejectedWith(illegalInvocation("readAtLeast()", "ReadableStreamBYOBReader"));
    }
    const what = "ReadableStreamBYOBReader.readAtLeast";
    let parts;
    let min;
    try {
      requireArgs(arguments.length, 2, what);
      min = int32Of(minElements, `${what}: minElements`);
      parts = requireView(view, what);
    } catch (error) {
      return rejectedWith(error);
    }
    const unreadable = unreadableViewError(parts, what, "element");
    if (unreadable !== null) return rejectedWith(unreadable);
    if (min <= 0) {
      return rejectedWith(new TypeError(`${what}: minElements must be at least 1, got ${min}.`));
    }
    const elements = parts.length !== undefined ? parts.length : parts.byteLength;
    if (min > elements) {
      return rejectedWith(new TypeError(`${what}: minElements (${min}) is more than the view ` +
          `holds (${elements}).`));
    }
    const reader = this.#reader;
    if (reader.stream === undefined) return rejectedWith(releasedError());
    const deferred = newDeferred();
    readableStreamBYOBReaderRead(reader, parts, min, {
      __proto__: null,
      chunkSteps: (chunk) => deferred.resolve({ value: chunk, done: false }),
      closeSteps: (chunk) => {
        const filled = viewParts(chunk);
        deferred.resolve({ value: chunk, done: filled === null || filled.byteLength === 0 });
      },
      errorSteps: (e) => deferred.reject(e),
    });
    return deferred.promise;
  }

  releaseLock() {
    if (!isObject(this) || !(#reader in this)) {
      throw illegalInvocation("releaseLock()", "ReadableStreamBYOBReader");
    }
    const reader = this.#reader;
    if (reader.stream === undefined) return;
    readableStreamBYOBReaderRelease(reader);
  }

}

// =============================================================================================
// ReadableStreamDefaultController
//
// Record: kind "default", stream, queue, queueTotalSize, started, closeRequested, pullAgain,
// pulling, strategySizeAlgorithm, strategyHWM, pullAlgorithm, cancelAlgorithm, and the
// standard's [[CancelSteps]], [[PullSteps]] and [[ReleaseSteps]] as methods.

function newDefaultControllerRecord() {
  const controller = {
    __proto__: null, obj: undefined, kind: "default", stream: undefined, queue: undefined,
    queueTotalSize: 0, started: false, closeRequested: false, pullAgain: false,
    pulling: false, strategySizeAlgorithm: undefined, strategyHWM: 0,
    pullAlgorithm: undefined, cancelAlgorithm: undefined,
    cancelSteps: (reason) => {
      resetQueue(controller);
      const result = controller.cancelAlgorithm(reason);
      readableStreamDefaultControllerClearAlgorithms(controller);
      return result;
    },
    pullSteps: (readRequest) => {
      const stream = controller.stream;
      if (controller.queue.size > 0) {
        const chunk = dequeueValue(controller);
        if (controller.closeRequested && controller.queue.size === 0) {
          readableStreamDefaultControllerClearAlgorithms(controller);
          readableStreamClose(stream);
        } else {
          readableStreamDefaultControllerCallPullIfNeeded(controller);
        }
        readRequest.chunkSteps(chunk);
      } else {
        readableStreamAddReadRequest(stream, readRequest);
        readableStreamDefaultControllerCallPullIfNeeded(controller);
      }
    },
    releaseSteps: noop,
  };
  return controller;
}

function readableStreamDefaultControllerCallPullIfNeeded(controller) {
  if (!readableStreamDefaultControllerShouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  upon(controller.pullAlgorithm(), () => {
    controller.pulling = false;
    if (controller.pullAgain) {
      controller.pullAgain = false;
      readableStreamDefaultControllerCallPullIfNeeded(controller);
    }
  }, (e) => readableStreamDefaultControllerError(controller, e));
}

function readableStreamDefaultControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return false;
  if (!controller.started) return false;
  if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream) > 0) {
    return true;
  }
  return readableStreamDefaultControllerGetDesiredSize(controller) > 0;
}

function readableStreamDefaultControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

function readableStreamDefaultControllerClose(controller) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const stream = controller.stream;
  controller.closeRequested = true;
  if (controller.queue.size === 0) {
    readableStreamDefaultControllerClearAlgorithms(controller);
    readableStreamClose(stream);
  }
}

function readableStreamDefaultControllerEnqueue(controller, chunk) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const stream = controller.stream;
  if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream) > 0) {
    readableStreamFulfillReadRequest(stream, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = controller.strategySizeAlgorithm(chunk);
    } catch (error) {
      readableStreamDefaultControllerError(controller, error);
      throw error;
    }
    try {
      enqueueValueWithSize(controller, chunk, chunkSize);
    } catch (error) {
      readableStreamDefaultControllerError(controller, error);
      throw error;
    }
  }
  readableStreamDefaultControllerCallPullIfNeeded(controller);
}

function readableStreamDefaultControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  resetQueue(controller);
  readableStreamDefaultControllerClearAlgorithms(controller);
  readableStreamError(stream, e);
}

function readableStreamDefaultControllerGetDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return controller.strategyHWM - controller.queueTotalSize;
}

const readableStreamDefaultControllerHasBackpressure = (controller) =>
  !readableStreamDefaultControllerShouldCallPull(controller);

const readableStreamDefaultControllerCanCloseOrEnqueue = (controller) =>
  !controller.closeRequested && controller.stream.state === "readable";

function setUpReadableStreamDefaultController(stream, controller, startAlgorithm,
    pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm) {
  controller.stream = stream;
  resetQueue(controller);
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  stream.controller = controller;
  const startResult = startAlgorithm();
  upon(resolvedWith(startResult), () => {
    controller.started = true;
    readableStreamDefaultControllerCallPullIfNeeded(controller);
  }, (r) => readableStreamDefaultControllerError(controller, r));
}

// The algorithms of an underlying source (or sink, or transformer) method: a promise of its
// result, with `this` the source object, as Web IDL calls a callback.
const sourceMethod = (method, source, fallback) => method === undefined ? fallback
  : (...args) => promiseCall(method, source, args);

function setUpReadableStreamDefaultControllerFromUnderlyingSource(stream, source, dict,
    highWaterMark, sizeAlgorithm) {
  const controller = newDefaultControllerRecord();
  controller.obj = new ReadableStreamDefaultController(INTERNAL, controller);
  const { start, pull, cancel } = dict;
  const startAlgorithm = start === undefined ? noop
    : () => apply(start, source, [controller.obj]);
  const pullAlgorithm = sourceMethod(pull, source, () => resolvedWith(undefined));
  const pullWithController = pull === undefined ? pullAlgorithm
    : () => pullAlgorithm(controller.obj);
  const cancelAlgorithm = sourceMethod(cancel, source, () => resolvedWith(undefined));
  setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullWithController,
      cancelAlgorithm, highWaterMark, sizeAlgorithm);
}

// Why a default controller can no longer close or enqueue.
const closedOrErroredMessage = (what, controller) => `${what}: the stream is ${
  controller.closeRequested || controller.stream.state === "closed" ? "closed (or closing)"
    : "errored"}, so it can no longer be ${what.endsWith("enqueue") ? "enqueued to" : "closed"}.`;

class ReadableStreamDefaultController {
  #controller;

  constructor(key = undefined, record = undefined) {
    if (key !== INTERNAL) throw illegalConstructor("ReadableStreamDefaultController");
    this.#controller = record;
  }

  get desiredSize() {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("desiredSize", "ReadableStreamDefaultController");
    }
    return readableStreamDefaultControllerGetDesiredSize(this.#controller);
  }

  close() {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("close()", "ReadableStreamDefaultController");
    }
    const controller = this.#controller;
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) {
      throw new TypeError(closedOrErroredMessage("ReadableStreamDefaultController.close",
          controller));
    }
    readableStreamDefaultControllerClose(controller);
  }

  enqueue(chunk = undefined) {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("enqueue()", "ReadableStreamDefaultController");
    }
    const controller = this.#controller;
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) {
      throw new TypeError(closedOrErroredMessage("ReadableStreamDefaultController.enqueue",
          controller));
    }
    readableStreamDefaultControllerEnqueue(controller, chunk);
  }

  error(e = undefined) {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("error()", "ReadableStreamDefaultController");
    }
    readableStreamDefaultControllerError(this.#controller, e);
  }
}

// =============================================================================================
// ReadableByteStreamController and ReadableStreamBYOBRequest
//
// Record: kind "byte", the default controller's slots (without a size algorithm) plus
// autoAllocateChunkSize, byobRequest (a request record or null) and pendingPullIntos (Queue of
// pull-into descriptors). Its queue holds { buffer, byteOffset, byteLength } entries.

function newByteControllerRecord() {
  const controller = {
    __proto__: null, obj: undefined, kind: "byte", stream: undefined, queue: undefined,
    queueTotalSize: 0, started: false, closeRequested: false, pullAgain: false,
    pulling: false, strategyHWM: 0, pullAlgorithm: undefined, cancelAlgorithm: undefined,
    autoAllocateChunkSize: undefined, byobRequest: null, pendingPullIntos: new Queue(),
    cancelSteps: (reason) => {
      readableByteStreamControllerClearPendingPullIntos(controller);
      resetQueue(controller);
      const result = controller.cancelAlgorithm(reason);
      readableByteStreamControllerClearAlgorithms(controller);
      return result;
    },
    pullSteps: (readRequest) => {
      const stream = controller.stream;
      if (controller.queueTotalSize > 0) {
        readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
        return;
      }
      const autoAllocateChunkSize = controller.autoAllocateChunkSize;
      if (autoAllocateChunkSize !== undefined) {
        let buffer;
        try {
          buffer = new ArrayBufferCtor(autoAllocateChunkSize);
        } catch (error) {
          readRequest.errorSteps(error);
          return;
        }
        controller.pendingPullIntos.push({
          __proto__: null, buffer, bufferByteLength: autoAllocateChunkSize, byteOffset: 0,
          byteLength: autoAllocateChunkSize, bytesFilled: 0, minimumFill: 1, elementSize: 1,
          viewConstructor: U8, readerType: "default",
        });
      }
      readableStreamAddReadRequest(stream, readRequest);
      readableByteStreamControllerCallPullIfNeeded(controller);
    },
    releaseSteps: () => {
      if (controller.pendingPullIntos.size > 0) {
        const firstPendingPullInto = controller.pendingPullIntos.peek();
        firstPendingPullInto.readerType = "none";
        controller.pendingPullIntos = new Queue();
        controller.pendingPullIntos.push(firstPendingPullInto);
      }
    },
  };
  return controller;
}

function readableByteStreamControllerCallPullIfNeeded(controller) {
  if (!readableByteStreamControllerShouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  upon(controller.pullAlgorithm(), () => {
    controller.pulling = false;
    if (controller.pullAgain) {
      controller.pullAgain = false;
      readableByteStreamControllerCallPullIfNeeded(controller);
    }
  }, (e) => readableByteStreamControllerError(controller, e));
}

function readableByteStreamControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

function readableByteStreamControllerClearPendingPullIntos(controller) {
  readableByteStreamControllerInvalidateBYOBRequest(controller);
  controller.pendingPullIntos = new Queue();
}

function readableByteStreamControllerClose(controller) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== "readable") return;
  if (controller.queueTotalSize > 0) {
    controller.closeRequested = true;
    return;
  }
  if (controller.pendingPullIntos.size > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    if (firstPendingPullInto.bytesFilled % firstPendingPullInto.elementSize !== 0) {
      const e = new TypeError("ReadableByteStreamController.close: the stream was closed " +
          "with a partial element in the pending read's view (its bytes do not fill a whole " +
          "element).");
      readableByteStreamControllerError(controller, e);
      throw e;
    }
  }
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamClose(stream);
}

function readableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor) {
  let done = false;
  if (stream.state === "closed") done = true;
  const filledView = readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === "default") {
    readableStreamFulfillReadRequest(stream, filledView, done);
  } else {
    readableStreamFulfillReadIntoRequest(stream, filledView, done);
  }
}

function readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor) {
  const { bytesFilled, elementSize } = pullIntoDescriptor;
  const buffer = transferArrayBuffer(pullIntoDescriptor.buffer);
  return new pullIntoDescriptor.viewConstructor(buffer, pullIntoDescriptor.byteOffset,
      bytesFilled / elementSize);
}

function readableByteStreamControllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== "readable") return;
  const { buffer, byteOffset, byteLength } = chunk;
  if (isDetached(buffer)) {
    throw new TypeError("ReadableByteStreamController.enqueue: the chunk's buffer is " +
        "detached (it was transferred, e.g. by an earlier enqueue).");
  }
  const transferredBuffer = transferArrayBuffer(buffer);
  if (controller.pendingPullIntos.size > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    if (isDetached(firstPendingPullInto.buffer)) {
      throw new TypeError("ReadableByteStreamController.enqueue: the pending read's buffer " +
          "is detached (byobRequest.view's buffer was transferred).");
    }
    readableByteStreamControllerInvalidateBYOBRequest(controller);
    firstPendingPullInto.buffer = transferArrayBuffer(firstPendingPullInto.buffer);
    if (firstPendingPullInto.readerType === "none") {
      readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller,
          firstPendingPullInto);
    }
  }
  if (readableStreamHasDefaultReader(stream)) {
    readableByteStreamControllerProcessReadRequestsUsingQueue(controller);
    if (readableStreamGetNumReadRequests(stream) === 0) {
      readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset,
          byteLength);
    } else {
      if (controller.pendingPullIntos.size > 0) {
        readableByteStreamControllerShiftPendingPullInto(controller);
      }
      const transferredView = new U8(transferredBuffer, byteOffset, byteLength);
      readableStreamFulfillReadRequest(stream, transferredView, false);
    }
  } else if (readableStreamHasBYOBReader(stream)) {
    readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset,
        byteLength);
    const filledPullIntos =
        readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (let i = 0; i < filledPullIntos.length; i++) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
    }
  } else {
    readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset,
        byteLength);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerEnqueueChunkToQueue(controller, buffer, byteOffset,
    byteLength) {
  controller.queue.push({ __proto__: null, buffer, byteOffset, byteLength });
  controller.queueTotalSize += byteLength;
}

function readableByteStreamControllerEnqueueClonedChunkToQueue(controller, buffer, byteOffset,
    byteLength) {
  let cloneResult;
  try {
    cloneResult = cloneArrayBuffer(buffer, byteOffset, byteLength);
  } catch (error) {
    readableByteStreamControllerError(controller, error);
    throw error;
  }
  readableByteStreamControllerEnqueueChunkToQueue(controller, cloneResult, 0, byteLength);
}

function readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller,
    pullIntoDescriptor) {
  if (pullIntoDescriptor.bytesFilled > 0) {
    readableByteStreamControllerEnqueueClonedChunkToQueue(controller,
        pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset,
        pullIntoDescriptor.bytesFilled);
  }
  readableByteStreamControllerShiftPendingPullInto(controller);
}

function readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller,
    pullIntoDescriptor) {
  const maxBytesToCopy = mathMin(controller.queueTotalSize,
      pullIntoDescriptor.byteLength - pullIntoDescriptor.bytesFilled);
  const maxBytesFilled = pullIntoDescriptor.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const remainderBytes = maxBytesFilled % pullIntoDescriptor.elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  if (maxAlignedBytes >= pullIntoDescriptor.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - pullIntoDescriptor.bytesFilled;
    ready = true;
  }
  const queue = controller.queue;
  while (totalBytesToCopyRemaining > 0) {
    const headOfQueue = queue.peek();
    const bytesToCopy = mathMin(totalBytesToCopyRemaining, headOfQueue.byteLength);
    const destStart = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    copyDataBlockBytes(pullIntoDescriptor.buffer, destStart, headOfQueue.buffer,
        headOfQueue.byteOffset, bytesToCopy);
    if (headOfQueue.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      headOfQueue.byteOffset += bytesToCopy;
      headOfQueue.byteLength -= bytesToCopy;
    }
    controller.queueTotalSize -= bytesToCopy;
    readableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesToCopy,
        pullIntoDescriptor);
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

function readableByteStreamControllerFillHeadPullIntoDescriptor(controller, size,
    pullIntoDescriptor) {
  pullIntoDescriptor.bytesFilled += size;
}

function readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest) {
  const entry = controller.queue.shift();
  controller.queueTotalSize -= entry.byteLength;
  readableByteStreamControllerHandleQueueDrain(controller);
  const view = new U8(entry.buffer, entry.byteOffset, entry.byteLength);
  readRequest.chunkSteps(view);
}

function readableByteStreamControllerGetBYOBRequest(controller) {
  if (controller.byobRequest === null && controller.pendingPullIntos.size > 0) {
    const firstDescriptor = controller.pendingPullIntos.peek();
    const view = new U8(firstDescriptor.buffer,
        firstDescriptor.byteOffset + firstDescriptor.bytesFilled,
        firstDescriptor.byteLength - firstDescriptor.bytesFilled);
    const byobRequest = { __proto__: null, obj: undefined, controller, view };
    byobRequest.obj = new ReadableStreamBYOBRequest(INTERNAL, byobRequest);
    controller.byobRequest = byobRequest;
  }
  return controller.byobRequest;
}

function readableByteStreamControllerGetDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return controller.strategyHWM - controller.queueTotalSize;
}

function readableByteStreamControllerHandleQueueDrain(controller) {
  if (controller.queueTotalSize === 0 && controller.closeRequested) {
    readableByteStreamControllerClearAlgorithms(controller);
    readableStreamClose(controller.stream);
  } else {
    readableByteStreamControllerCallPullIfNeeded(controller);
  }
}

function readableByteStreamControllerInvalidateBYOBRequest(controller) {
  const byobRequest = controller.byobRequest;
  if (byobRequest === null) return;
  byobRequest.controller = undefined;
  byobRequest.view = null;
  controller.byobRequest = null;
}

function readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller) {
  const filledPullIntos = [];
  let n = 0;
  while (controller.pendingPullIntos.size > 0) {
    if (controller.queueTotalSize === 0) break;
    const pullIntoDescriptor = controller.pendingPullIntos.peek();
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller,
        pullIntoDescriptor)) {
      readableByteStreamControllerShiftPendingPullInto(controller);
      defineProperty(filledPullIntos, n++, { value: pullIntoDescriptor, writable: true,
        enumerable: true, configurable: true });
    }
  }
  return filledPullIntos;
}

function readableByteStreamControllerProcessReadRequestsUsingQueue(controller) {
  const reader = controller.stream.reader;
  while (reader.requests.size > 0) {
    if (controller.queueTotalSize === 0) return;
    const readRequest = reader.requests.shift();
    readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
  }
}

function readableByteStreamControllerPullInto(controller, view, min, readIntoRequest) {
  const stream = controller.stream;
  const { elementSize, ctor, byteOffset, byteLength } = view;
  const minimumFill = min * elementSize;
  let buffer;
  try {
    buffer = transferArrayBuffer(view.buffer);
  } catch (error) {
    readIntoRequest.errorSteps(error);
    return;
  }
  const pullIntoDescriptor = {
    __proto__: null, buffer, bufferByteLength: apply(abByteLength, buffer, []), byteOffset,
    byteLength, bytesFilled: 0, minimumFill, elementSize, viewConstructor: ctor,
    readerType: "byob",
  };
  if (controller.pendingPullIntos.size > 0) {
    controller.pendingPullIntos.push(pullIntoDescriptor);
    readableStreamAddReadIntoRequest(stream, readIntoRequest);
    return;
  }
  if (stream.state === "closed") {
    const emptyView = new ctor(pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset, 0);
    readIntoRequest.closeSteps(emptyView);
    return;
  }
  if (controller.queueTotalSize > 0) {
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller,
        pullIntoDescriptor)) {
      const filledView = readableByteStreamControllerConvertPullIntoDescriptor(
          pullIntoDescriptor);
      readableByteStreamControllerHandleQueueDrain(controller);
      readIntoRequest.chunkSteps(filledView);
      return;
    }
    if (controller.closeRequested) {
      const e = new TypeError("ReadableStreamBYOBReader.read: the stream closed with fewer " +
          "bytes left than the read's minimum (or a partial element).");
      readableByteStreamControllerError(controller, e);
      readIntoRequest.errorSteps(e);
      return;
    }
  }
  controller.pendingPullIntos.push(pullIntoDescriptor);
  readableStreamAddReadIntoRequest(stream, readIntoRequest);
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerRespond(controller, bytesWritten) {
  const firstDescriptor = controller.pendingPullIntos.peek();
  const state = controller.stream.state;
  if (state === "closed") {
    if (bytesWritten !== 0) {
      throw new TypeError("ReadableStreamBYOBRequest.respond: the stream is closed, so " +
          `bytesWritten must be 0, got ${bytesWritten}.`);
    }
  } else {
    if (bytesWritten === 0) {
      throw new TypeError("ReadableStreamBYOBRequest.respond: bytesWritten must be " +
          "positive while the stream is readable (close the stream to end it).");
    }
    if (firstDescriptor.bytesFilled + bytesWritten > firstDescriptor.byteLength) {
      throw new RangeError(`ReadableStreamBYOBRequest.respond: bytesWritten (${bytesWritten}) ` +
          "is larger than the view.");
    }
  }
  firstDescriptor.buffer = transferArrayBuffer(firstDescriptor.buffer);
  readableByteStreamControllerRespondInternal(controller, bytesWritten);
}

function readableByteStreamControllerRespondInClosedState(controller, firstDescriptor) {
  if (firstDescriptor.readerType === "none") {
    readableByteStreamControllerShiftPendingPullInto(controller);
  }
  const stream = controller.stream;
  if (readableStreamHasBYOBReader(stream)) {
    const filledPullIntos = [];
    let n = 0;
    while (n < readableStreamGetNumReadIntoRequests(stream)) {
      const pullIntoDescriptor = readableByteStreamControllerShiftPendingPullInto(controller);
      defineProperty(filledPullIntos, n++, { value: pullIntoDescriptor, writable: true,
        enumerable: true, configurable: true });
    }
    for (let i = 0; i < n; i++) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
    }
  }
}

function readableByteStreamControllerRespondInReadableState(controller, bytesWritten,
    pullIntoDescriptor) {
  const stream = controller.stream;
  readableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesWritten,
      pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === "none") {
    readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor);
    const filledPullIntos =
        readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (let i = 0; i < filledPullIntos.length; i++) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
    }
    return;
  }
  if (pullIntoDescriptor.bytesFilled < pullIntoDescriptor.minimumFill) return;
  readableByteStreamControllerShiftPendingPullInto(controller);
  const remainderSize = pullIntoDescriptor.bytesFilled % pullIntoDescriptor.elementSize;
  if (remainderSize > 0) {
    const end = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    readableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer,
        end - remainderSize, remainderSize);
  }
  pullIntoDescriptor.bytesFilled -= remainderSize;
  const filledPullIntos =
      readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
  readableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor);
  for (let i = 0; i < filledPullIntos.length; i++) {
    readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
  }
}

function readableByteStreamControllerRespondInternal(controller, bytesWritten) {
  const firstDescriptor = controller.pendingPullIntos.peek();
  readableByteStreamControllerInvalidateBYOBRequest(controller);
  if (controller.stream.state === "closed") {
    readableByteStreamControllerRespondInClosedState(controller, firstDescriptor);
  } else {
    readableByteStreamControllerRespondInReadableState(controller, bytesWritten,
        firstDescriptor);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerRespondWithNewView(controller, view) {
  const firstDescriptor = controller.pendingPullIntos.peek();
  const state = controller.stream.state;
  const what = "ReadableStreamBYOBRequest.respondWithNewView";
  if (state === "closed") {
    if (view.byteLength !== 0) {
      throw new TypeError(`${what}: the stream is closed, so the view must be empty.`);
    }
  } else if (view.byteLength === 0) {
    throw new TypeError(`${what}: the view must not be empty while the stream is readable ` +
        "(close the stream to end it).");
  }
  if (firstDescriptor.byteOffset + firstDescriptor.bytesFilled !== view.byteOffset) {
    throw new RangeError(`${what}: the view must start where byobRequest.view starts.`);
  }
  if (firstDescriptor.bufferByteLength !== apply(abByteLength, view.buffer, [])) {
    throw new RangeError(`${what}: the view's buffer must be as long as byobRequest.view's.`);
  }
  if (firstDescriptor.bytesFilled + view.byteLength > firstDescriptor.byteLength) {
    throw new RangeError(`${what}: the view is longer than byobRequest.view.`);
  }
  const viewByteLength = view.byteLength;
  firstDescriptor.buffer = transferArrayBuffer(view.buffer);
  readableByteStreamControllerRespondInternal(controller, viewByteLength);
}

function readableByteStreamControllerShiftPendingPullInto(controller) {
  return controller.pendingPullIntos.shift();
}

function readableByteStreamControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (stream.state !== "readable") return false;
  if (controller.closeRequested) return false;
  if (!controller.started) return false;
  if (readableStreamHasDefaultReader(stream) && readableStreamGetNumReadRequests(stream) > 0) {
    return true;
  }
  if (readableStreamHasBYOBReader(stream) && readableStreamGetNumReadIntoRequests(stream) > 0) {
    return true;
  }
  return readableByteStreamControllerGetDesiredSize(controller) > 0;
}

function readableByteStreamControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  readableByteStreamControllerClearPendingPullIntos(controller);
  resetQueue(controller);
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamError(stream, e);
}

function setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm,
    cancelAlgorithm, highWaterMark, autoAllocateChunkSize) {
  controller.stream = stream;
  resetQueue(controller);
  controller.strategyHWM = highWaterMark;
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  controller.autoAllocateChunkSize = autoAllocateChunkSize;
  stream.controller = controller;
  const startResult = startAlgorithm();
  upon(resolvedWith(startResult), () => {
    controller.started = true;
    readableByteStreamControllerCallPullIfNeeded(controller);
  }, (r) => readableByteStreamControllerError(controller, r));
}

function setUpReadableByteStreamControllerFromUnderlyingSource(stream, source, dict,
    highWaterMark) {
  const controller = newByteControllerRecord();
  controller.obj = new ReadableByteStreamController(INTERNAL, controller);
  const { start, pull, cancel } = dict;
  const startAlgorithm = start === undefined ? noop
    : () => apply(start, source, [controller.obj]);
  const pullAlgorithm = pull === undefined ? () => resolvedWith(undefined)
    : () => promiseCall(pull, source, [controller.obj]);
  const cancelAlgorithm = sourceMethod(cancel, source, () => resolvedWith(undefined));
  let autoAllocateChunkSize = dict.autoAllocateChunkSize;
  if (autoAllocateChunkSize === 0) {
    throw new TypeError("Failed to construct 'ReadableStream': autoAllocateChunkSize must be " +
        "positive.");
  }
  setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm,
      cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
}

class ReadableByteStreamController {
  #controller;

  constructor(key = undefined, record = undefined) {
    if (key !== INTERNAL) throw illegalConstructor("ReadableByteStreamController");
    this.#controller = record;
  }

  get byobRequest() {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("byobRequest", "ReadableByteStreamController");
    }
    const request = readableByteStreamControllerGetBYOBRequest(this.#controller);
    return request === null ? null : request.obj;
  }

  get desiredSize() {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("desiredSize", "ReadableByteStreamController");
    }
    return readableByteStreamControllerGetDesiredSize(this.#controller);
  }

  close() {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("close()", "ReadableByteStreamController");
    }
    const controller = this.#controller;
    if (controller.closeRequested) {
      throw new TypeError("ReadableByteStreamController.close: the stream is already closing.");
    }
    if (controller.stream.state !== "readable") {
      throw new TypeError(`ReadableByteStreamController.close: the stream is ${
        controller.stream.state}, so it cannot be closed.`);
    }
    readableByteStreamControllerClose(controller);
  }

  enqueue(chunk) {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("enqueue()", "ReadableByteStreamController");
    }
    const what = "ReadableByteStreamController.enqueue";
    requireArgs(arguments.length, 1, what);
    const parts = requireView(chunk, what);
    const controller = this.#controller;
    if (parts.byteLength === 0) {
      throw new TypeError(`${what}: the chunk is empty; a byte stream's chunks hold at least ` +
          "one byte.");
    }
    if (apply(abByteLength, parts.buffer, []) === 0) {
      throw new TypeError(`${what}: the chunk's buffer is ${
        isDetached(parts.buffer) ? "detached (it was transferred)" : "empty"}.`);
    }
    if (controller.closeRequested) {
      throw new TypeError(`${what}: the stream is closing, so it can no longer be enqueued to.`);
    }
    if (controller.stream.state !== "readable") {
      throw new TypeError(`${what}: the stream is ${controller.stream.state}, so it can no ` +
          "longer be enqueued to.");
    }
    readableByteStreamControllerEnqueue(controller, parts);
  }

  error(e = undefined) {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("error()", "ReadableByteStreamController");
    }
    readableByteStreamControllerError(this.#controller, e);
  }
}

class ReadableStreamBYOBRequest {
  #request;

  constructor(key = undefined, record = undefined) {
    if (key !== INTERNAL) throw illegalConstructor("ReadableStreamBYOBRequest");
    this.#request = record;
  }

  get view() {
    if (!isObject(this) || !(#request in this)) {
      throw illegalInvocation("view", "ReadableStreamBYOBRequest");
    }
    return this.#request.view;
  }

  respond(bytesWritten) {
    if (!isObject(this) || !(#request in this)) {
      throw illegalInvocation("respond()", "ReadableStreamBYOBRequest");
    }
    const what = "ReadableStreamBYOBRequest.respond";
    requireArgs(arguments.length, 1, what);
    const n = enforceRange(bytesWritten, `${what}: bytesWritten`);
    const request = this.#request;
    if (request.controller === undefined) {
      throw new TypeError(`${what}: this request was already answered (or the stream ` +
          "was canceled or errored).");
    }
    if (isDetached(apply(taBuffer, request.view, []))) {
      throw new TypeError(`${what}: the view's buffer is detached (it was transferred).`);
    }
    readableByteStreamControllerRespond(request.controller, n);
  }

  respondWithNewView(view) {
    if (!isObject(this) || !(#request in this)) {
      throw illegalInvocation("respondWithNewView()", "ReadableStreamBYOBRequest");
    }
    const what = "ReadableStreamBYOBRequest.respondWithNewView";
    requireArgs(arguments.length, 1, what);
    const parts = requireView(view, what);
    const request = this.#request;
    if (request.controller === undefined) {
      throw new TypeError(`${what}: this request was already answered (or the stream ` +
          "was canceled or errored).");
    }
    if (isDetached(parts.buffer)) {
      throw new TypeError(`${what}: the view's buffer is detached (it was transferred).`);
    }
    readableByteStreamControllerRespondWithNewView(request.controller, parts);
  }
}

// =============================================================================================
// Creating streams (for the platform: tee, TransformStream, ReadableStream.from, bodies)

function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm,
    highWaterMark = 1, sizeAlgorithm = () => 1) {
  const stream = newReadableStreamRecord();
  stream.obj = new ReadableStream(INTERNAL, stream);
  const controller = newDefaultControllerRecord();
  controller.obj = new ReadableStreamDefaultController(INTERNAL, controller);
  setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm,
      cancelAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

function createReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm,
    autoAllocateChunkSize = undefined) {
  const stream = newReadableStreamRecord();
  stream.obj = new ReadableStream(INTERNAL, stream);
  const controller = newByteControllerRecord();
  controller.obj = new ReadableByteStreamController(INTERNAL, controller);
  setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm,
      cancelAlgorithm, 0, autoAllocateChunkSize);
  return stream;
}

// ---------------------------------------------------------------------------------------------
// Tee

function readableStreamTee(stream, cloneForBranch2) {
  const branches = stream.controller.kind === "byte" ? readableByteStreamTee(stream)
    : readableStreamDefaultTee(stream, cloneForBranch2);
  // Each branch gives all the bytes still to come, as in Workers (a clone keeps its length).
  branches[0].expectedLength = stream.expectedLength;
  branches[1].expectedLength = stream.expectedLength;
  return branches;
}

function readableStreamDefaultTee(stream, cloneForBranch2) {
  const reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();
  const pullAlgorithm = () => {
    if (reading) {
      readAgain = true;
      return resolvedWith(undefined);
    }
    reading = true;
    const readRequest = {
      __proto__: null,
      chunkSteps: (chunk) => queueMicrotask(() => {
        readAgain = false;
        const chunk1 = chunk;
        let chunk2 = chunk;
        if (!canceled2 && cloneForBranch2) {
          try {
            chunk2 = native.structuredClone(chunk2, []);
          } catch (cloneError) {
            readableStreamDefaultControllerError(branch1.controller, cloneError);
            readableStreamDefaultControllerError(branch2.controller, cloneError);
            forward(readableStreamCancel(stream, cloneError), cancelPromise);
            return;
          }
        }
        if (!canceled1) readableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
        if (!canceled2) readableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
        reading = false;
        if (readAgain) pullAlgorithm();
      }),
      closeSteps: () => {
        reading = false;
        if (!canceled1) readableStreamDefaultControllerClose(branch1.controller);
        if (!canceled2) readableStreamDefaultControllerClose(branch2.controller);
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      errorSteps: () => { reading = false; },
    };
    readableStreamDefaultReaderRead(reader, readRequest);
    return resolvedWith(undefined);
  };
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) forward(readableStreamCancel(stream, [reason1, reason2]), cancelPromise);
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) forward(readableStreamCancel(stream, [reason1, reason2]), cancelPromise);
    return cancelPromise.promise;
  };
  branch1 = createReadableStream(noop, pullAlgorithm, cancel1Algorithm);
  branch2 = createReadableStream(noop, pullAlgorithm, cancel2Algorithm);
  upon(reader.closed.promise, undefined, (r) => {
    readableStreamDefaultControllerError(branch1.controller, r);
    readableStreamDefaultControllerError(branch2.controller, r);
    if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
  });
  return [branch1, branch2];
}

// CloneAsUint8Array, on a chunk's parts.
function cloneAsUint8Array(parts) {
  return new U8(cloneArrayBuffer(parts.buffer, parts.byteOffset, parts.byteLength));
}

function readableByteStreamTee(stream) {
  let reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();
  const forwardReaderError = (thisReader) => {
    upon(thisReader.closed.promise, undefined, (r) => {
      if (thisReader !== reader) return;
      readableByteStreamControllerError(branch1.controller, r);
      readableByteStreamControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    });
  };
  const afterChunk = () => {
    reading = false;
    if (readAgainForBranch1) pull1Algorithm();
    else if (readAgainForBranch2) pull2Algorithm();
  };
  const pullWithDefaultReader = () => {
    if (reader.kind === "byob") {
      readableStreamBYOBReaderRelease(reader);
      reader = acquireReadableStreamDefaultReader(stream);
      forwardReaderError(reader);
    }
    const readRequest = {
      __proto__: null,
      chunkSteps: (chunk) => queueMicrotask(() => {
        readAgainForBranch1 = false;
        readAgainForBranch2 = false;
        const parts1 = viewParts(chunk);
        let parts2 = parts1;
        if (!canceled1 && !canceled2) {
          try {
            parts2 = viewParts(cloneAsUint8Array(parts1));
          } catch (cloneError) {
            readableByteStreamControllerError(branch1.controller, cloneError);
            readableByteStreamControllerError(branch2.controller, cloneError);
            forward(readableStreamCancel(stream, cloneError), cancelPromise);
            return;
          }
        }
        if (!canceled1) readableByteStreamControllerEnqueue(branch1.controller, parts1);
        if (!canceled2) readableByteStreamControllerEnqueue(branch2.controller, parts2);
        afterChunk();
      }),
      closeSteps: () => {
        reading = false;
        if (!canceled1) readableByteStreamControllerClose(branch1.controller);
        if (!canceled2) readableByteStreamControllerClose(branch2.controller);
        if (branch1.controller.pendingPullIntos.size > 0) {
          readableByteStreamControllerRespond(branch1.controller, 0);
        }
        if (branch2.controller.pendingPullIntos.size > 0) {
          readableByteStreamControllerRespond(branch2.controller, 0);
        }
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      errorSteps: () => { reading = false; },
    };
    readableStreamDefaultReaderRead(reader, readRequest);
  };
  const pullWithBYOBReader = (view, forBranch2) => {
    if (reader.kind === "default") {
      readableStreamDefaultReaderRelease(reader);
      reader = acquireReadableStreamBYOBReader(stream);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    const readIntoRequest = {
      __proto__: null,
      chunkSteps: (chunk) => queueMicrotask(() => {
        readAgainForBranch1 = false;
        readAgainForBranch2 = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        const parts = viewParts(chunk);
        if (!otherCanceled) {
          let clonedChunk;
          try {
            clonedChunk = viewParts(cloneAsUint8Array(parts));
          } catch (cloneError) {
            readableByteStreamControllerError(byobBranch.controller, cloneError);
            readableByteStreamControllerError(otherBranch.controller, cloneError);
            forward(readableStreamCancel(stream, cloneError), cancelPromise);
            return;
          }
          if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(byobBranch.controller, parts);
          }
          readableByteStreamControllerEnqueue(otherBranch.controller, clonedChunk);
        } else if (!byobCanceled) {
          readableByteStreamControllerRespondWithNewView(byobBranch.controller, parts);
        }
        afterChunk();
      }),
      closeSteps: (chunk) => {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) readableByteStreamControllerClose(byobBranch.controller);
        if (!otherCanceled) readableByteStreamControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(byobBranch.controller,
                viewParts(chunk));
          }
          if (!otherCanceled && otherBranch.controller.pendingPullIntos.size > 0) {
            readableByteStreamControllerRespond(otherBranch.controller, 0);
          }
        }
        if (!byobCanceled || !otherCanceled) cancelPromise.resolve(undefined);
      },
      errorSteps: () => { reading = false; },
    };
    readableStreamBYOBReaderRead(reader, viewParts(view), 1, readIntoRequest);
  };
  const pullAlgorithmFor = (forBranch2) => () => {
    if (reading) {
      if (forBranch2) readAgainForBranch2 = true;
      else readAgainForBranch1 = true;
      return resolvedWith(undefined);
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(
        (forBranch2 ? branch2 : branch1).controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, forBranch2);
    return resolvedWith(undefined);
  };
  const pull1Algorithm = pullAlgorithmFor(false);
  const pull2Algorithm = pullAlgorithmFor(true);
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) forward(readableStreamCancel(stream, [reason1, reason2]), cancelPromise);
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) forward(readableStreamCancel(stream, [reason1, reason2]), cancelPromise);
    return cancelPromise.promise;
  };
  branch1 = createReadableByteStream(noop, pull1Algorithm, cancel1Algorithm);
  branch2 = createReadableByteStream(noop, pull2Algorithm, cancel2Algorithm);
  forwardReaderError(reader);
  return [branch1, branch2];
}

// ---------------------------------------------------------------------------------------------
// pipeTo

function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel,
    signal) {
  const reader = acquireReadableStreamDefaultReader(source);
  const writer = acquireWritableStreamDefaultWriter(dest);
  source.disturbed = true;
  let shuttingDown = false;
  const promise = newDeferred();
  let currentWrite = resolvedWith(undefined);
  let unregisterAbort = noop;

  const waitForWritesToFinish = () => {
    const finished = newDeferred();
    const wait = () => {
      const oldCurrentWrite = currentWrite;
      upon(currentWrite, () => {
        if (oldCurrentWrite !== currentWrite) wait();
        else finished.resolve(undefined);
      });
    };
    wait();
    return finished.promise;
  };
  const finalize = (isError, error) => {
    writableStreamDefaultWriterRelease(writer);
    readableStreamDefaultReaderRelease(reader);
    unregisterAbort();
    if (isError) promise.reject(error);
    else promise.resolve(undefined);
  };
  const destWritableAndOpen = () =>
    dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest);
  const shutdownWithAnAction = (action, originalIsError, originalError) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const doTheRest = () => {
      upon(action(), () => finalize(originalIsError, originalError),
          (newError) => finalize(true, newError));
    };
    if (destWritableAndOpen()) upon(waitForWritesToFinish(), doTheRest);
    else doTheRest();
  };
  const shutdown = (isError, error) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (destWritableAndOpen()) {
      upon(waitForWritesToFinish(), () => finalize(isError, error));
    } else {
      finalize(isError, error);
    }
  };

  if (signal !== undefined) {
    const abortAlgorithm = () => {
      const error = apply(signalReason, signal, []);
      const abortDest = !preventAbort;
      const cancelSource = !preventCancel;
      shutdownWithAnAction(() => {
        const promises = { __proto__: null };
        let n = 0;
        if (abortDest) {
          promises[n++] = dest.state === "writable" ? writableStreamAbort(dest, error)
            : resolvedWith(undefined);
        }
        if (cancelSource) {
          promises[n++] = source.state === "readable" ? readableStreamCancel(source, error)
            : resolvedWith(undefined);
        }
        return waitForAll(promises, n);
      }, true, error);
    };
    if (apply(signalAborted, signal, [])) {
      abortAlgorithm();
      return promise.promise;
    }
    unregisterAbort = abortSignalAdd(signal, abortAlgorithm);
  }

  // One chunk: wait for the destination to want one, read it, start writing it. Resolves
  // with true when the loop should stop.
  const pipeStep = () => {
    if (shuttingDown) return resolvedWith(true);
    const step = newDeferred();
    upon(writer.ready.promise, () => {
      if (shuttingDown) {
        step.resolve(true);
        return;
      }
      readableStreamDefaultReaderRead(reader, {
        __proto__: null,
        chunkSteps: (chunk) => {
          currentWrite = then(writableStreamDefaultWriterWrite(writer, chunk, true), undefined,
              noop);
          step.resolve(false);
        },
        closeSteps: () => step.resolve(true),
        errorSteps: (e) => step.reject(e),
      });
    }, step.reject);
    return step.promise;
  };
  const pipeLoop = () => new PromiseCtor((resolveLoop, rejectLoop) => {
    const next = (done) => {
      if (done) resolveLoop();
      else then(pipeStep(), next, rejectLoop);
    };
    next(false);
  });

  // Errors must be propagated forward.
  if (source.state === "errored") {
    sourceErrored(source.storedError);
  } else {
    upon(reader.closed.promise, undefined, (e) => sourceErrored(e));
  }
  function sourceErrored(storedError) {
    if (!preventAbort) {
      shutdownWithAnAction(() => writableStreamAbort(dest, storedError), true, storedError);
    } else {
      shutdown(true, storedError);
    }
  }
  // Errors must be propagated backward.
  if (dest.state === "errored") {
    destErrored(dest.storedError);
  } else {
    upon(writer.closed.promise, undefined, (e) => destErrored(e));
  }
  function destErrored(storedError) {
    if (!preventCancel) {
      shutdownWithAnAction(() => readableStreamCancel(source, storedError), true, storedError);
    } else {
      shutdown(true, storedError);
    }
  }
  // Closing must be propagated forward.
  if (source.state === "closed") {
    sourceClosed();
  } else {
    upon(reader.closed.promise, () => sourceClosed());
  }
  function sourceClosed() {
    if (!preventClose) {
      shutdownWithAnAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
    } else {
      shutdown();
    }
  }
  // Closing must be propagated backward.
  if (writableStreamCloseQueuedOrInFlight(dest) || dest.state === "closed") {
    const destClosed = new TypeError("pipeTo: the destination WritableStream is closed (or " +
        "closing), so nothing more can be piped to it.");
    if (!preventCancel) {
      shutdownWithAnAction(() => readableStreamCancel(source, destClosed), true, destClosed);
    } else {
      shutdown(true, destClosed);
    }
  }

  setHandled(pipeLoop());
  return promise.promise;
}

// A promise fulfilled when the first `n` promises of `promises` all are, or rejected with the
// first rejection (Promise.all without the lookups worker code could intercept).
function waitForAll(promises, n) {
  if (n === 0) return resolvedWith(undefined);
  const all = newDeferred();
  let remaining = n;
  for (let i = 0; i < n; i++) {
    upon(promises[i], () => {
      if (--remaining === 0) all.resolve(undefined);
    }, (e) => all.reject(e));
  }
  return all.promise;
}

// StreamPipeOptions, in Web IDL's (alphabetical) order.
function pipeOptionsOf(options, what) {
  const dict = dictionaryOf(options, `${what}: options`);
  const preventAbort = !!dict.preventAbort;
  const preventCancel = !!dict.preventCancel;
  const preventClose = !!dict.preventClose;
  const signal = dict.signal;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError(`${what}: options.signal must be an AbortSignal.`);
  }
  return { __proto__: null, preventAbort, preventCancel, preventClose, signal };
}

// ---------------------------------------------------------------------------------------------
// Async iteration

// Web IDL's "ongoing promise": `steps()` (which returns a promise) runs once `ongoing` settles.
function afterOngoing(ongoing, steps) {
  const result = newDeferred();
  const run = () => forward(steps(), result);
  upon(ongoing, run, run);
  return result.promise;
}

class ReadableStreamAsyncIterator {
  #iterator;

  constructor(key, record) {
    if (key !== INTERNAL) throw illegalConstructor("ReadableStreamAsyncIterator");
    this.#iterator = record;
  }

  next() {
    if (!isObject(this) || !(#iterator in this)) {
      return rejectedWith(illegalInvocation("next()", "ReadableStream async iterator"));
    }
    const iterator = this.#iterator;
    const nextSteps = () => {
      if (iterator.isFinished) return resolvedWith({ value: undefined, done: true });
      const reader = iterator.reader;
      const result = newDeferred();
      readableStreamDefaultReaderRead(reader, {
        __proto__: null,
        chunkSteps: (chunk) => result.resolve({ value: chunk, done: false }),
        closeSteps: () => {
          readableStreamDefaultReaderRelease(reader);
          result.resolve(undefined);
        },
        errorSteps: (e) => {
          readableStreamDefaultReaderRelease(reader);
          result.reject(e);
        },
      });
      return then(result.promise, (step) => {
        iterator.ongoing = undefined;
        if (step === undefined) {
          iterator.isFinished = true;
          return { value: undefined, done: true };
        }
        return step;
      }, (reason) => {
        iterator.ongoing = undefined;
        iterator.isFinished = true;
        throw reason;
      });
    };
    iterator.ongoing = iterator.ongoing === undefined ? nextSteps()
      : afterOngoing(iterator.ongoing, nextSteps);
    return iterator.ongoing;
  }

  return(value = undefined) {
    if (!isObject(this) || !(#iterator in this)) {
      return rejectedWith(illegalInvocation("return()", "ReadableStream async iterator"));
    }
    const iterator = this.#iterator;
    const returnSteps = () => {
      if (iterator.isFinished) return resolvedWith({ value, done: true });
      iterator.isFinished = true;
      const reader = iterator.reader;
      if (!iterator.preventCancel) {
        const result = readableStreamReaderGenericCancel(reader, value);
        readableStreamDefaultReaderRelease(reader);
        return result;
      }
      readableStreamDefaultReaderRelease(reader);
      return resolvedWith(undefined);
    };
    iterator.ongoing = iterator.ongoing === undefined ? returnSteps()
      : afterOngoing(iterator.ongoing, returnSteps);
    return then(iterator.ongoing, () => ({ value, done: true }));
  }
}
Object.setPrototypeOf(ReadableStreamAsyncIterator.prototype, ASYNC_ITERATOR_PROTOTYPE);

// ---------------------------------------------------------------------------------------------
// ReadableStream.from

// CreateAsyncFromSyncIterator, enough for ReadableStream.from: next() and return().
function asyncFromSyncIterator(iterator, nextMethod) {
  const step = (result) => {
    if (!isObject(result)) {
      throw new TypeError("ReadableStream.from: the iterator's result is not an object.");
    }
    const done = !!result.done;
    return then(resolvedWith(result.value), (value) => ({ value, done }));
  };
  return {
    __proto__: null,
    next: () => {
      try {
        return step(apply(nextMethod, iterator, []));
      } catch (error) {
        return rejectedWith(error);
      }
    },
    return: (reason) => {
      try {
        const method = iterator.return;
        if (method === undefined || method === null) {
          return resolvedWith({ value: reason, done: true });
        }
        return step(apply(method, iterator, [reason]));
      } catch (error) {
        return rejectedWith(error);
      }
    },
  };
}

function readableStreamFromIterable(asyncIterable) {
  const what = "ReadableStream.from";
  let iterator;
  let nextMethod;
  let method = asyncIterable == null ? undefined : asyncIterable[symbolAsyncIterator];
  if (method === undefined || method === null) {
    const syncMethod = asyncIterable == null ? undefined : asyncIterable[symbolIterator];
    if (syncMethod === undefined || syncMethod === null) {
      throw new TypeError(`${what}: the argument must be an async iterable or an iterable ` +
          "(such as an array or an async generator).");
    }
    if (typeof syncMethod !== "function") {
      throw new TypeError(`${what}: the argument's @@iterator is not a function.`);
    }
    const syncIterator = apply(syncMethod, asyncIterable, []);
    if (!isObject(syncIterator)) {
      throw new TypeError(`${what}: @@iterator did not return an object.`);
    }
    const wrapped = asyncFromSyncIterator(syncIterator, syncIterator.next);
    iterator = wrapped;
    nextMethod = wrapped.next;
  } else {
    if (typeof method !== "function") {
      throw new TypeError(`${what}: the argument's @@asyncIterator is not a function.`);
    }
    iterator = apply(method, asyncIterable, []);
    if (!isObject(iterator)) {
      throw new TypeError(`${what}: @@asyncIterator did not return an object.`);
    }
    nextMethod = iterator.next;
  }
  let stream;
  const pullAlgorithm = () => {
    let nextResult;
    try {
      nextResult = apply(nextMethod, iterator, []);
    } catch (error) {
      return rejectedWith(error);
    }
    return then(resolvedWith(nextResult), (iterResult) => {
      if (!isObject(iterResult)) {
        throw new TypeError(`${what}: the iterator's next() gave a result that is not an ` +
            "object.");
      }
      if (iterResult.done) {
        readableStreamDefaultControllerClose(stream.controller);
      } else {
        readableStreamDefaultControllerEnqueue(stream.controller, iterResult.value);
      }
    });
  };
  const cancelAlgorithm = (reason) => {
    let returnMethod;
    try {
      returnMethod = iterator.return;
    } catch (error) {
      return rejectedWith(error);
    }
    if (returnMethod === undefined || returnMethod === null) return resolvedWith(undefined);
    let returnResult;
    try {
      returnResult = apply(returnMethod, iterator, [reason]);
    } catch (error) {
      return rejectedWith(error);
    }
    return then(resolvedWith(returnResult), (iterResult) => {
      if (!isObject(iterResult)) {
        throw new TypeError(`${what}: the iterator's return() gave a result that is not an ` +
            "object.");
      }
    });
  };
  stream = createReadableStream(noop, pullAlgorithm, cancelAlgorithm, 0);
  return stream;
}

// ---------------------------------------------------------------------------------------------
// ReadableStream

let streamRecordOf;  // (value) -> stream record, or undefined for anything but a ReadableStream

class ReadableStream {
  #stream;

  constructor(underlyingSource = undefined, strategy = undefined) {
    if (underlyingSource === INTERNAL) {
      this.#stream = strategy;
      return;
    }
    const what = "Failed to construct 'ReadableStream'";
    const strat = queuingStrategyOf(strategy, what);
    if (underlyingSource !== undefined && !isObject(underlyingSource)) {
      throw new TypeError(`${what}: the underlying source must be an object (with start, ` +
          `pull and cancel methods), got ${underlyingSource === null ? "null"
            : typeof underlyingSource}.`);
    }
    const source = underlyingSource === undefined ? null : underlyingSource;
    // UnderlyingSource members, read once each, in Web IDL (alphabetical) order.
    const dict = { __proto__: null };
    if (source !== null) {
      const auto = source.autoAllocateChunkSize;
      dict.autoAllocateChunkSize = auto === undefined ? undefined
        : enforceRange(auto, `${what}: autoAllocateChunkSize`);
      dict.cancel = callbackOf(source, "cancel", `${what}: the underlying source`);
      const expectedLength = source.expectedLength;
      dict.expectedLength = expectedLength === undefined ? undefined
        : byteCountOf(expectedLength, `${what}: expectedLength`);
      dict.pull = callbackOf(source, "pull", `${what}: the underlying source`);
      dict.start = callbackOf(source, "start", `${what}: the underlying source`);
      const type = source.type;
      if (type !== undefined) {
        dict.type = `${type}`;
        if (dict.type !== "bytes") {
          throw new TypeError(`${what}: type must be "bytes" or undefined, got ` +
              `${JSON.stringify(dict.type)}.`);
        }
      }
    }
    const stream = newReadableStreamRecord();
    stream.obj = this;
    stream.expectedLength = dict.expectedLength;
    this.#stream = stream;
    if (dict.type === "bytes") {
      if (strat.size !== undefined) {
        throw new RangeError(`${what}: a byte stream (type: "bytes") cannot have a queuing ` +
            "strategy with a size(); its chunks are measured in bytes.");
      }
      const highWaterMark = extractHighWaterMark(strat, 0, what);
      setUpReadableByteStreamControllerFromUnderlyingSource(stream, source, dict, highWaterMark);
    } else {
      const sizeAlgorithm = extractSizeAlgorithm(strat);
      const highWaterMark = extractHighWaterMark(strat, 1, what);
      setUpReadableStreamDefaultControllerFromUnderlyingSource(stream, source, dict,
          highWaterMark, sizeAlgorithm);
    }
  }

  static from(asyncIterable) {
    requireArgs(arguments.length, 1, "ReadableStream.from");
    return readableStreamFromIterable(asyncIterable).obj;
  }

  get locked() {
    if (!isObject(this) || !(#stream in this)) {
      throw illegalInvocation("locked", "ReadableStream");
    }
    return isReadableStreamLocked(this.#stream);
  }

  cancel(reason = undefined) {
    if (!isObject(this) || !(#stream in this)) {
      return rejectedWith(illegalInvocation("cancel()", "ReadableStream"));
    }
    const stream = this.#stream;
    if (isReadableStreamLocked(stream)) {
      return rejectedWith(new TypeError(`ReadableStream.cancel: ${LOCKED_MESSAGE} (Or cancel ` +
          "through the reader: reader.cancel().)"));
    }
    return readableStreamCancel(stream, reason);
  }

  getReader(options = undefined) {
    if (!isObject(this) || !(#stream in this)) {
      throw illegalInvocation("getReader()", "ReadableStream");
    }
    const dict = dictionaryOf(options, "ReadableStream.getReader: options");
    const modeValue = dict.mode;
    if (modeValue === undefined) {
      const reader = acquireReadableStreamDefaultReader(this.#stream);
      return new ReadableStreamDefaultReader(INTERNAL, reader);
    }
    const mode = `${modeValue}`;
    if (mode !== "byob") {
      throw new TypeError(`ReadableStream.getReader: mode must be "byob" or undefined, got ` +
          `${JSON.stringify(mode)}.`);
    }
    const reader = acquireReadableStreamBYOBReader(this.#stream);
    return new ReadableStreamBYOBReader(INTERNAL, reader);
  }

  pipeThrough(transform, options = undefined) {
    if (!isObject(this) || !(#stream in this)) {
      throw illegalInvocation("pipeThrough()", "ReadableStream");
    }
    const what = "ReadableStream.pipeThrough";
    requireArgs(arguments.length, 1, what);
    if (!isObject(transform)) {
      throw new TypeError(`${what}: the first argument must be a { readable, writable } pair, ` +
          "such as a TransformStream.");
    }
    const readable = streamRecordOf(transform.readable);
    if (readable === undefined) {
      throw new TypeError(`${what}: transform.readable must be a ReadableStream.`);
    }
    const writable = writableRecordOf(transform.writable);
    if (writable === undefined) {
      throw new TypeError(`${what}: transform.writable must be a WritableStream.`);
    }
    const { preventAbort, preventCancel, preventClose, signal } = pipeOptionsOf(options, what);
    const stream = this.#stream;
    if (isReadableStreamLocked(stream)) throw new TypeError(`${what}: ${LOCKED_MESSAGE}`);
    if (isWritableStreamLocked(writable)) {
      throw new TypeError(`${what}: transform.writable is locked to a writer; release it ` +
          "(releaseLock()) first.");
    }
    const promise = readableStreamPipeTo(stream, writable, preventClose, preventAbort,
        preventCancel, signal);
    setHandled(promise);
    return readable.obj;
  }

  pipeTo(destination, options = undefined) {
    if (!isObject(this) || !(#stream in this)) {
      return rejectedWith(illegalInvocation("pipeTo()", "ReadableStream"));
    }
    const what = "ReadableStream.pipeTo";
    const dest = writableRecordOf(destination);
    if (dest === undefined) {
      return rejectedWith(new TypeError(`${what}: the destination must be a WritableStream.`));
    }
    let pipeOptions;
    try {
      pipeOptions = pipeOptionsOf(options, what);
    } catch (error) {
      return rejectedWith(error);
    }
    const stream = this.#stream;
    if (isReadableStreamLocked(stream)) {
      return rejectedWith(new TypeError(`${what}: ${LOCKED_MESSAGE}`));
    }
    if (isWritableStreamLocked(dest)) {
      return rejectedWith(new TypeError(`${what}: the destination is locked to a writer; ` +
          "release it (releaseLock()) first."));
    }
    const { preventAbort, preventCancel, preventClose, signal } = pipeOptions;
    return readableStreamPipeTo(stream, dest, preventClose, preventAbort, preventCancel,
        signal);
  }

  tee() {
    if (!isObject(this) || !(#stream in this)) throw illegalInvocation("tee()", "ReadableStream");
    const stream = this.#stream;
    if (isReadableStreamLocked(stream)) {
      throw new TypeError(`ReadableStream.tee: ${LOCKED_MESSAGE}`);
    }
    const branches = readableStreamTee(stream, false);
    return [branches[0].obj, branches[1].obj];
  }

  values(options = undefined) {
    if (!isObject(this) || !(#stream in this)) {
      throw illegalInvocation("values()", "ReadableStream");
    }
    const dict = dictionaryOf(options, "ReadableStream.values: options");
    const preventCancel = !!dict.preventCancel;
    const stream = this.#stream;
    if (isReadableStreamLocked(stream)) {
      throw new TypeError(`ReadableStream async iteration: ${LOCKED_MESSAGE}`);
    }
    const reader = acquireReadableStreamDefaultReader(stream);
    return new ReadableStreamAsyncIterator(INTERNAL, { __proto__: null, reader, preventCancel,
      ongoing: undefined, isFinished: false });
  }

  static {
    streamRecordOf = (value) => (isObject(value) && #stream in value ? value.#stream : undefined);
  }
}
defineProperty(ReadableStream.prototype, symbolAsyncIterator, {
  value: ReadableStream.prototype.values,
  writable: true,
  configurable: true,
});

// =============================================================================================
// WritableStream
//
// A stream record: state ("writable", "closed", "erroring", "errored"), storedError, writer,
// controller, inFlightWriteRequest, closeRequest, inFlightCloseRequest, pendingAbortRequest
// (deferreds), writeRequests (Queue of deferreds), backpressure. A writer record: stream,
// ready and closed (deferreds).

// takeChunk and refusedFromPipe are set only for Workers' byte sinks (IdentityTransformStream).
function newWritableStreamRecord() {
  return { __proto__: null, obj: undefined, state: "writable", storedError: undefined,
    writer: undefined, controller: undefined, inFlightWriteRequest: undefined,
    closeRequest: undefined, inFlightCloseRequest: undefined, pendingAbortRequest: undefined,
    writeRequests: new Queue(), backpressure: false, takeChunk: undefined,
    refusedFromPipe: undefined };
}

function acquireWritableStreamDefaultWriter(stream) {
  const writer = { __proto__: null, obj: undefined, stream: undefined, ready: undefined,
    closed: undefined };
  setUpWritableStreamDefaultWriter(writer, stream);
  return writer;
}

function createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
    highWaterMark = 1, sizeAlgorithm = () => 1) {
  const stream = newWritableStreamRecord();
  stream.obj = new WritableStream(INTERNAL, stream);
  const controller = newWritableControllerRecord();
  controller.obj = new WritableStreamDefaultController(INTERNAL, controller);
  setUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm,
      closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

const isWritableStreamLocked = (stream) => stream.writer !== undefined;

function writableStreamAbort(stream, reason) {
  if (stream.state === "closed" || stream.state === "errored") return resolvedWith(undefined);
  signalAbort(stream.controller.signal, reason);
  const state = stream.state;
  if (state === "closed" || state === "errored") return resolvedWith(undefined);
  if (stream.pendingAbortRequest !== undefined) return stream.pendingAbortRequest.promise;
  let wasAlreadyErroring = false;
  if (state === "erroring") {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const promise = newDeferred();
  promise.reason = reason;
  promise.wasAlreadyErroring = wasAlreadyErroring;
  stream.pendingAbortRequest = promise;
  if (!wasAlreadyErroring) writableStreamStartErroring(stream, reason);
  return promise.promise;
}

function writableStreamClose(stream) {
  const state = stream.state;
  if (state === "closed" || state === "errored") {
    return rejectedWith(new TypeError(`WritableStream.close: the stream is ${state}, so it ` +
        "cannot be closed."));
  }
  const promise = newDeferred();
  stream.closeRequest = promise;
  const writer = stream.writer;
  if (writer !== undefined && stream.backpressure && state === "writable") {
    writer.ready.resolve(undefined);
  }
  writableStreamDefaultControllerClose(stream.controller);
  return promise.promise;
}

function writableStreamAddWriteRequest(stream) {
  const promise = newDeferred();
  stream.writeRequests.push(promise);
  return promise.promise;
}

function writableStreamDealWithRejection(stream, error) {
  if (stream.state === "writable") {
    writableStreamStartErroring(stream, error);
    return;
  }
  writableStreamFinishErroring(stream);
}

function writableStreamStartErroring(stream, reason) {
  const controller = stream.controller;
  stream.state = "erroring";
  stream.storedError = reason;
  const writer = stream.writer;
  if (writer !== undefined) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!writableStreamHasOperationMarkedInFlight(stream) && controller.started) {
    writableStreamFinishErroring(stream);
  }
}

function writableStreamFinishErroring(stream) {
  stream.state = "errored";
  stream.controller.errorSteps();
  const storedError = stream.storedError;
  const writeRequests = stream.writeRequests;
  stream.writeRequests = new Queue();
  while (writeRequests.size > 0) writeRequests.shift().reject(storedError);
  if (stream.pendingAbortRequest === undefined) {
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const abortRequest = stream.pendingAbortRequest;
  stream.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.reject(storedError);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const promise = stream.controller.abortSteps(abortRequest.reason);
  upon(promise, () => {
    abortRequest.resolve(undefined);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  }, (reason) => {
    abortRequest.reject(reason);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  });
}

function writableStreamFinishInFlightWrite(stream) {
  stream.inFlightWriteRequest.resolve(undefined);
  stream.inFlightWriteRequest = undefined;
}

function writableStreamFinishInFlightWriteWithError(stream, error) {
  stream.inFlightWriteRequest.reject(error);
  stream.inFlightWriteRequest = undefined;
  writableStreamDealWithRejection(stream, error);
}

function writableStreamFinishInFlightClose(stream) {
  stream.inFlightCloseRequest.resolve(undefined);
  stream.inFlightCloseRequest = undefined;
  if (stream.state === "erroring") {
    stream.storedError = undefined;
    if (stream.pendingAbortRequest !== undefined) {
      stream.pendingAbortRequest.resolve(undefined);
      stream.pendingAbortRequest = undefined;
    }
  }
  stream.state = "closed";
  const writer = stream.writer;
  if (writer !== undefined) writer.closed.resolve(undefined);
}

function writableStreamFinishInFlightCloseWithError(stream, error) {
  stream.inFlightCloseRequest.reject(error);
  stream.inFlightCloseRequest = undefined;
  if (stream.pendingAbortRequest !== undefined) {
    stream.pendingAbortRequest.reject(error);
    stream.pendingAbortRequest = undefined;
  }
  writableStreamDealWithRejection(stream, error);
}

const writableStreamCloseQueuedOrInFlight = (stream) =>
  stream.closeRequest !== undefined || stream.inFlightCloseRequest !== undefined;

const writableStreamHasOperationMarkedInFlight = (stream) =>
  stream.inFlightWriteRequest !== undefined || stream.inFlightCloseRequest !== undefined;

function writableStreamMarkCloseRequestInFlight(stream) {
  stream.inFlightCloseRequest = stream.closeRequest;
  stream.closeRequest = undefined;
}

function writableStreamMarkFirstWriteRequestInFlight(stream) {
  stream.inFlightWriteRequest = stream.writeRequests.shift();
}

function writableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
  if (stream.closeRequest !== undefined) {
    stream.closeRequest.reject(stream.storedError);
    stream.closeRequest = undefined;
  }
  const writer = stream.writer;
  if (writer !== undefined) {
    writer.closed.reject(stream.storedError);
    setHandled(writer.closed.promise);
  }
}

function writableStreamUpdateBackpressure(stream, backpressure) {
  const writer = stream.writer;
  if (writer !== undefined && backpressure !== stream.backpressure) {
    if (backpressure) writer.ready = newDeferred();
    else writer.ready.resolve(undefined);
  }
  stream.backpressure = backpressure;
}

// ---------------------------------------------------------------------------------------------
// Writers

const WRITABLE_LOCKED_MESSAGE = "This WritableStream is locked to a writer; release the " +
    "writer (releaseLock()) first.";
const writerReleasedError = () => new TypeError("This writer was released: its releaseLock() " +
    "was called, so it can no longer write to, close or abort the stream. Get a new writer.");

function setUpWritableStreamDefaultWriter(writer, stream) {
  if (isWritableStreamLocked(stream)) throw new TypeError(WRITABLE_LOCKED_MESSAGE);
  writer.stream = stream;
  stream.writer = writer;
  const state = stream.state;
  if (state === "writable") {
    writer.ready = !writableStreamCloseQueuedOrInFlight(stream) && stream.backpressure
      ? newDeferred() : resolvedDeferred();
    writer.closed = newDeferred();
  } else if (state === "erroring") {
    writer.ready = rejectedDeferred(stream.storedError);
    writer.closed = newDeferred();
  } else if (state === "closed") {
    writer.ready = resolvedDeferred();
    writer.closed = resolvedDeferred();
  } else {
    writer.ready = rejectedDeferred(stream.storedError);
    writer.closed = rejectedDeferred(stream.storedError);
  }
}

function writableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (writableStreamCloseQueuedOrInFlight(stream) || state === "closed") {
    return resolvedWith(undefined);
  }
  if (state === "errored") return rejectedWith(stream.storedError);
  return writableStreamClose(stream);
}

function writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  if (writer.closed.pending) writer.closed.reject(error);
  else writer.closed = rejectedDeferred(error);
  setHandled(writer.closed.promise);
}

function writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  if (writer.ready.pending) writer.ready.reject(error);
  else writer.ready = rejectedDeferred(error);
  setHandled(writer.ready.promise);
}

function writableStreamDefaultWriterGetDesiredSize(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (state === "errored" || state === "erroring") return null;
  if (state === "closed") return 0;
  return writableStreamDefaultControllerGetDesiredSize(stream.controller);
}

function writableStreamDefaultWriterRelease(writer) {
  const stream = writer.stream;
  const releasedError = writerReleasedError();
  writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
  writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
  stream.writer = undefined;
  writer.stream = undefined;
}

// `fromPipe`: pipeTo writes the chunk (a chunk a byte sink refuses then errors it, see below).
function writableStreamDefaultWriterWrite(writer, chunk, fromPipe = false) {
  const stream = writer.stream;
  const controller = stream.controller;
  // Workers' byte sinks (IdentityTransformStream) take a copy of the bytes now; a chunk that is
  // not bytes rejects this write only (the stream stays usable), unless it came from a pipe,
  // which it ends; an empty one (or undefined) writes nothing.
  if (stream.takeChunk !== undefined && stream.state === "writable" &&
      !writableStreamCloseQueuedOrInFlight(stream)) {
    try {
      chunk = stream.takeChunk(chunk);
    } catch (error) {
      if (fromPipe) stream.refusedFromPipe(error);
      return rejectedWith(error);
    }
    if (chunk === null) return resolvedWith(undefined);
  }
  const chunkSize = writableStreamDefaultControllerGetChunkSize(controller, chunk);
  if (stream !== writer.stream) return rejectedWith(writerReleasedError());
  const state = stream.state;
  if (state === "errored") return rejectedWith(stream.storedError);
  if (writableStreamCloseQueuedOrInFlight(stream) || state === "closed") {
    return rejectedWith(new TypeError("WritableStreamDefaultWriter.write: the stream is " +
        "closed (or closing), so nothing more can be written to it."));
  }
  if (state === "erroring") return rejectedWith(stream.storedError);
  const promise = writableStreamAddWriteRequest(stream);
  writableStreamDefaultControllerWrite(controller, chunk, chunkSize);
  return promise;
}

function writerCheck(what) {
  return new TypeError(`WritableStreamDefaultWriter.${what} called on an object that is not ` +
      "a WritableStreamDefaultWriter.");
}

class WritableStreamDefaultWriter {
  #writer;

  constructor(stream) {
    if (stream === INTERNAL) {
      this.#writer = arguments[1];
      this.#writer.obj = this;
      return;
    }
    requireArgs(arguments.length, 1, "Failed to construct 'WritableStreamDefaultWriter'");
    const record = writableRecordOf(stream);
    if (record === undefined) {
      throw new TypeError("Failed to construct 'WritableStreamDefaultWriter': the argument " +
          "must be a WritableStream.");
    }
    const writer = acquireWritableStreamDefaultWriter(record);
    writer.obj = this;
    this.#writer = writer;
  }

  get closed() {
    if (!isObject(this) || !(#writer in this)) return rejectedWith(writerCheck("closed"));
    return this.#writer.closed.promise;
  }

  get desiredSize() {
    if (!isObject(this) || !(#writer in this)) throw writerCheck("desiredSize");
    if (this.#writer.stream === undefined) throw writerReleasedError();
    return writableStreamDefaultWriterGetDesiredSize(this.#writer);
  }

  get ready() {
    if (!isObject(this) || !(#writer in this)) return rejectedWith(writerCheck("ready"));
    return this.#writer.ready.promise;
  }

  abort(reason = undefined) {
    if (!isObject(this) || !(#writer in this)) return rejectedWith(writerCheck("abort()"));
    const writer = this.#writer;
    if (writer.stream === undefined) return rejectedWith(writerReleasedError());
    return writableStreamAbort(writer.stream, reason);
  }

  close() {
    if (!isObject(this) || !(#writer in this)) return rejectedWith(writerCheck("close()"));
    const writer = this.#writer;
    const stream = writer.stream;
    if (stream === undefined) return rejectedWith(writerReleasedError());
    if (writableStreamCloseQueuedOrInFlight(stream)) {
      return rejectedWith(new TypeError("WritableStreamDefaultWriter.close: the stream is " +
          "already closing."));
    }
    return writableStreamClose(stream);
  }

  releaseLock() {
    if (!isObject(this) || !(#writer in this)) throw writerCheck("releaseLock()");
    const writer = this.#writer;
    if (writer.stream === undefined) return;
    writableStreamDefaultWriterRelease(writer);
  }

  write(chunk = undefined) {
    if (!isObject(this) || !(#writer in this)) return rejectedWith(writerCheck("write()"));
    const writer = this.#writer;
    if (writer.stream === undefined) return rejectedWith(writerReleasedError());
    return writableStreamDefaultWriterWrite(writer, chunk);
  }
}

// ---------------------------------------------------------------------------------------------
// WritableStreamDefaultController

const CLOSE_SENTINEL = { __proto__: null };

function newWritableControllerRecord() {
  const controller = {
    __proto__: null, obj: undefined, stream: undefined, queue: undefined, queueTotalSize: 0,
    signal: undefined, started: false, strategySizeAlgorithm: undefined, strategyHWM: 0,
    writeAlgorithm: undefined, closeAlgorithm: undefined, abortAlgorithm: undefined,
    abortSteps: (reason) => {
      const result = controller.abortAlgorithm(reason);
      writableStreamDefaultControllerClearAlgorithms(controller);
      return result;
    },
    errorSteps: () => resetQueue(controller),
  };
  return controller;
}

function setUpWritableStreamDefaultController(stream, controller, startAlgorithm,
    writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  controller.stream = stream;
  stream.controller = controller;
  resetQueue(controller);
  controller.signal = newAbortSignal();
  controller.started = false;
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  controller.writeAlgorithm = writeAlgorithm;
  controller.closeAlgorithm = closeAlgorithm;
  controller.abortAlgorithm = abortAlgorithm;
  const backpressure = writableStreamDefaultControllerGetBackpressure(controller);
  writableStreamUpdateBackpressure(stream, backpressure);
  const startResult = startAlgorithm();
  upon(resolvedWith(startResult), () => {
    controller.started = true;
    writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (r) => {
    controller.started = true;
    writableStreamDealWithRejection(stream, r);
  });
}

function setUpWritableStreamDefaultControllerFromUnderlyingSink(stream, sink, dict,
    highWaterMark, sizeAlgorithm) {
  const controller = newWritableControllerRecord();
  controller.obj = new WritableStreamDefaultController(INTERNAL, controller);
  const { start, write, close, abort } = dict;
  const startAlgorithm = start === undefined ? noop
    : () => apply(start, sink, [controller.obj]);
  const writeAlgorithm = write === undefined ? () => resolvedWith(undefined)
    : (chunk) => promiseCall(write, sink, [chunk, controller.obj]);
  const closeAlgorithm = sourceMethod(close, sink, () => resolvedWith(undefined));
  const abortAlgorithm = sourceMethod(abort, sink, () => resolvedWith(undefined));
  setUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm,
      closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
}

function writableStreamDefaultControllerAdvanceQueueIfNeeded(controller) {
  const stream = controller.stream;
  if (!controller.started) return;
  if (stream.inFlightWriteRequest !== undefined) return;
  const state = stream.state;
  if (state === "erroring") {
    writableStreamFinishErroring(stream);
    return;
  }
  if (controller.queue.size === 0) return;
  const value = peekQueueValue(controller);
  if (value === CLOSE_SENTINEL) writableStreamDefaultControllerProcessClose(controller);
  else writableStreamDefaultControllerProcessWrite(controller, value);
}

function writableStreamDefaultControllerClearAlgorithms(controller) {
  controller.writeAlgorithm = undefined;
  controller.closeAlgorithm = undefined;
  controller.abortAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

function writableStreamDefaultControllerClose(controller) {
  enqueueValueWithSize(controller, CLOSE_SENTINEL, 0);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

function writableStreamDefaultControllerError(controller, error) {
  writableStreamDefaultControllerClearAlgorithms(controller);
  writableStreamStartErroring(controller.stream, error);
}

function writableStreamDefaultControllerErrorIfNeeded(controller, error) {
  if (controller.stream.state === "writable") {
    writableStreamDefaultControllerError(controller, error);
  }
}

const writableStreamDefaultControllerGetBackpressure = (controller) =>
  writableStreamDefaultControllerGetDesiredSize(controller) <= 0;

function writableStreamDefaultControllerGetChunkSize(controller, chunk) {
  if (controller.strategySizeAlgorithm === undefined) return 1;
  try {
    return controller.strategySizeAlgorithm(chunk);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return 1;
  }
}

const writableStreamDefaultControllerGetDesiredSize = (controller) =>
  controller.strategyHWM - controller.queueTotalSize;

function writableStreamDefaultControllerProcessClose(controller) {
  const stream = controller.stream;
  writableStreamMarkCloseRequestInFlight(stream);
  dequeueValue(controller);
  const sinkClosePromise = controller.closeAlgorithm();
  writableStreamDefaultControllerClearAlgorithms(controller);
  upon(sinkClosePromise, () => writableStreamFinishInFlightClose(stream),
      (reason) => writableStreamFinishInFlightCloseWithError(stream, reason));
}

function writableStreamDefaultControllerProcessWrite(controller, chunk) {
  const stream = controller.stream;
  writableStreamMarkFirstWriteRequestInFlight(stream);
  const sinkWritePromise = controller.writeAlgorithm(chunk);
  upon(sinkWritePromise, () => {
    writableStreamFinishInFlightWrite(stream);
    const state = stream.state;
    dequeueValue(controller);
    if (!writableStreamCloseQueuedOrInFlight(stream) && state === "writable") {
      const backpressure = writableStreamDefaultControllerGetBackpressure(controller);
      writableStreamUpdateBackpressure(stream, backpressure);
    }
    writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (reason) => {
    if (stream.state === "writable") writableStreamDefaultControllerClearAlgorithms(controller);
    writableStreamFinishInFlightWriteWithError(stream, reason);
  });
}

function writableStreamDefaultControllerWrite(controller, chunk, chunkSize) {
  try {
    enqueueValueWithSize(controller, chunk, chunkSize);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return;
  }
  const stream = controller.stream;
  if (!writableStreamCloseQueuedOrInFlight(stream) && stream.state === "writable") {
    const backpressure = writableStreamDefaultControllerGetBackpressure(controller);
    writableStreamUpdateBackpressure(stream, backpressure);
  }
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

class WritableStreamDefaultController {
  #controller;

  constructor(key = undefined, record = undefined) {
    if (key !== INTERNAL) throw illegalConstructor("WritableStreamDefaultController");
    this.#controller = record;
  }

  get signal() {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("signal", "WritableStreamDefaultController");
    }
    return this.#controller.signal;
  }

  error(e = undefined) {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("error()", "WritableStreamDefaultController");
    }
    const controller = this.#controller;
    if (controller.stream.state !== "writable") return;
    writableStreamDefaultControllerError(controller, e);
  }
}

// ---------------------------------------------------------------------------------------------
// WritableStream

let writableRecordOf;  // (value) -> stream record, or undefined for anything but a WritableStream

class WritableStream {
  #stream;

  constructor(underlyingSink = undefined, strategy = undefined) {
    if (underlyingSink === INTERNAL) {
      this.#stream = strategy;
      return;
    }
    const what = "Failed to construct 'WritableStream'";
    const strat = queuingStrategyOf(strategy, what);
    if (underlyingSink !== undefined && !isObject(underlyingSink)) {
      throw new TypeError(`${what}: the underlying sink must be an object (with start, write, ` +
          `close and abort methods), got ${underlyingSink === null ? "null"
            : typeof underlyingSink}.`);
    }
    const sink = underlyingSink === undefined ? null : underlyingSink;
    // UnderlyingSink members, read once each, in Web IDL (alphabetical) order.
    const dict = { __proto__: null };
    if (sink !== null) {
      dict.abort = callbackOf(sink, "abort", `${what}: the underlying sink`);
      dict.close = callbackOf(sink, "close", `${what}: the underlying sink`);
      dict.start = callbackOf(sink, "start", `${what}: the underlying sink`);
      if (sink.type !== undefined) {
        throw new RangeError(`${what}: the underlying sink's type must be undefined (there ` +
            "are no writable byte streams).");
      }
      dict.write = callbackOf(sink, "write", `${what}: the underlying sink`);
    }
    const stream = newWritableStreamRecord();
    stream.obj = this;
    this.#stream = stream;
    const sizeAlgorithm = extractSizeAlgorithm(strat);
    const highWaterMark = extractHighWaterMark(strat, 1, what);
    setUpWritableStreamDefaultControllerFromUnderlyingSink(stream, sink, dict, highWaterMark,
        sizeAlgorithm);
  }

  get locked() {
    if (!isObject(this) || !(#stream in this)) throw illegalInvocation("locked", "WritableStream");
    return isWritableStreamLocked(this.#stream);
  }

  abort(reason = undefined) {
    if (!isObject(this) || !(#stream in this)) {
      return rejectedWith(illegalInvocation("abort()", "WritableStream"));
    }
    const stream = this.#stream;
    if (isWritableStreamLocked(stream)) {
      return rejectedWith(new TypeError(`WritableStream.abort: ${WRITABLE_LOCKED_MESSAGE} (Or ` +
          "abort through the writer: writer.abort().)"));
    }
    return writableStreamAbort(stream, reason);
  }

  close() {
    if (!isObject(this) || !(#stream in this)) {
      return rejectedWith(illegalInvocation("close()", "WritableStream"));
    }
    const stream = this.#stream;
    if (isWritableStreamLocked(stream)) {
      return rejectedWith(new TypeError(`WritableStream.close: ${WRITABLE_LOCKED_MESSAGE} (Or ` +
          "close through the writer: writer.close().)"));
    }
    if (writableStreamCloseQueuedOrInFlight(stream)) {
      return rejectedWith(new TypeError("WritableStream.close: the stream is already closing."));
    }
    return writableStreamClose(stream);
  }

  getWriter() {
    if (!isObject(this) || !(#stream in this)) {
      throw illegalInvocation("getWriter()", "WritableStream");
    }
    return new WritableStreamDefaultWriter(INTERNAL,
        acquireWritableStreamDefaultWriter(this.#stream));
  }

  static {
    writableRecordOf = (value) =>
      (isObject(value) && #stream in value ? value.#stream : undefined);
  }
}

// =============================================================================================
// TransformStream
//
// A stream record: readable and writable (stream records), backpressure,
// backpressureChangePromise (deferred), controller. A controller record: stream,
// transformAlgorithm, flushAlgorithm, cancelAlgorithm, finishPromise (deferred).

function initializeTransformStream(stream, startPromise, writableHighWaterMark,
    writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm) {
  const startAlgorithm = () => startPromise;
  stream.writable = createWritableStream(startAlgorithm,
      (chunk) => transformStreamDefaultSinkWriteAlgorithm(stream, chunk),
      () => transformStreamDefaultSinkCloseAlgorithm(stream),
      (reason) => transformStreamDefaultSinkAbortAlgorithm(stream, reason),
      writableHighWaterMark, writableSizeAlgorithm);
  stream.readable = createReadableStream(startAlgorithm,
      () => transformStreamDefaultSourcePullAlgorithm(stream),
      (reason) => transformStreamDefaultSourceCancelAlgorithm(stream, reason),
      readableHighWaterMark, readableSizeAlgorithm);
  stream.backpressure = undefined;
  stream.backpressureChangePromise = undefined;
  transformStreamSetBackpressure(stream, true);
  stream.controller = undefined;
}

function transformStreamError(stream, e) {
  readableStreamDefaultControllerError(stream.readable.controller, e);
  transformStreamErrorWritableAndUnblockWrite(stream, e);
}

function transformStreamErrorWritableAndUnblockWrite(stream, e) {
  transformStreamDefaultControllerClearAlgorithms(stream.controller);
  writableStreamDefaultControllerErrorIfNeeded(stream.writable.controller, e);
  transformStreamUnblockWrite(stream);
}

function transformStreamSetBackpressure(stream, backpressure) {
  if (stream.backpressureChangePromise !== undefined) {
    stream.backpressureChangePromise.resolve(undefined);
  }
  stream.backpressureChangePromise = newDeferred();
  stream.backpressure = backpressure;
}

function transformStreamUnblockWrite(stream) {
  if (stream.backpressure) transformStreamSetBackpressure(stream, false);
}

function setUpTransformStreamDefaultController(stream, controller, transformAlgorithm,
    flushAlgorithm, cancelAlgorithm) {
  controller.stream = stream;
  stream.controller = controller;
  controller.transformAlgorithm = transformAlgorithm;
  controller.flushAlgorithm = flushAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
}

function newTransformControllerRecord() {
  return { __proto__: null, obj: undefined, stream: undefined, transformAlgorithm: undefined,
    flushAlgorithm: undefined, cancelAlgorithm: undefined, finishPromise: undefined };
}

function setUpTransformStreamDefaultControllerFromTransformer(stream, transformer, dict) {
  const controller = newTransformControllerRecord();
  controller.obj = new TransformStreamDefaultController(INTERNAL, controller);
  const { transform, flush, cancel } = dict;
  const transformAlgorithm = transform === undefined ? (chunk) => {
    try {
      transformStreamDefaultControllerEnqueue(controller, chunk);
      return resolvedWith(undefined);
    } catch (error) {
      return rejectedWith(error);
    }
  } : (chunk) => promiseCall(transform, transformer, [chunk, controller.obj]);
  const flushAlgorithm = flush === undefined ? () => resolvedWith(undefined)
    : () => promiseCall(flush, transformer, [controller.obj]);
  const cancelAlgorithm = sourceMethod(cancel, transformer, () => resolvedWith(undefined));
  setUpTransformStreamDefaultController(stream, controller, transformAlgorithm, flushAlgorithm,
      cancelAlgorithm);
}

function transformStreamDefaultControllerClearAlgorithms(controller) {
  controller.transformAlgorithm = undefined;
  controller.flushAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

function transformStreamDefaultControllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  const readableController = stream.readable.controller;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw new TypeError("TransformStreamDefaultController.enqueue: the readable side is closed " +
        "or errored (or was canceled), so nothing more can be enqueued.");
  }
  try {
    readableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (error) {
    transformStreamErrorWritableAndUnblockWrite(stream, error);
    throw stream.readable.storedError;
  }
  const backpressure = readableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== stream.backpressure) transformStreamSetBackpressure(stream, true);
}

function transformStreamDefaultControllerError(controller, e) {
  transformStreamError(controller.stream, e);
}

function transformStreamDefaultControllerPerformTransform(controller, chunk) {
  const transformPromise = controller.transformAlgorithm(chunk);
  return then(transformPromise, undefined, (r) => {
    transformStreamError(controller.stream, r);
    throw r;
  });
}

function transformStreamDefaultControllerTerminate(controller) {
  const stream = controller.stream;
  readableStreamDefaultControllerClose(stream.readable.controller);
  const error = new TypeError("The TransformStream was terminated (its controller's " +
      "terminate() was called), so nothing more can be written to it.");
  transformStreamErrorWritableAndUnblockWrite(stream, error);
}

function transformStreamDefaultSinkWriteAlgorithm(stream, chunk) {
  const controller = stream.controller;
  if (stream.backpressure) {
    const written = newDeferred();
    upon(stream.backpressureChangePromise.promise, () => {
      const writable = stream.writable;
      if (writable.state === "erroring") {
        written.reject(writable.storedError);
        return;
      }
      forward(transformStreamDefaultControllerPerformTransform(controller, chunk), written);
    });
    return written.promise;
  }
  return transformStreamDefaultControllerPerformTransform(controller, chunk);
}

function transformStreamDefaultSinkAbortAlgorithm(stream, reason) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const readable = stream.readable;
  controller.finishPromise = newDeferred();
  const finish = controller.finishPromise;
  const cancelPromise = controller.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(controller);
  upon(cancelPromise, () => {
    if (readable.state === "errored") {
      finish.reject(readable.storedError);
    } else {
      readableStreamDefaultControllerError(readable.controller, reason);
      finish.resolve(undefined);
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable.controller, r);
    finish.reject(r);
  });
  return finish.promise;
}

function transformStreamDefaultSinkCloseAlgorithm(stream) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const readable = stream.readable;
  controller.finishPromise = newDeferred();
  const finish = controller.finishPromise;
  const flushPromise = controller.flushAlgorithm();
  transformStreamDefaultControllerClearAlgorithms(controller);
  upon(flushPromise, () => {
    if (readable.state === "errored") {
      finish.reject(readable.storedError);
    } else {
      readableStreamDefaultControllerClose(readable.controller);
      finish.resolve(undefined);
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable.controller, r);
    finish.reject(r);
  });
  return finish.promise;
}

function transformStreamDefaultSourceCancelAlgorithm(stream, reason) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const writable = stream.writable;
  controller.finishPromise = newDeferred();
  const finish = controller.finishPromise;
  const cancelPromise = controller.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(controller);
  upon(cancelPromise, () => {
    if (writable.state === "errored") {
      finish.reject(writable.storedError);
    } else {
      writableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
      transformStreamUnblockWrite(stream);
      finish.resolve(undefined);
    }
  }, (r) => {
    writableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
    transformStreamUnblockWrite(stream);
    finish.reject(r);
  });
  return finish.promise;
}

function transformStreamDefaultSourcePullAlgorithm(stream) {
  transformStreamSetBackpressure(stream, false);
  return stream.backpressureChangePromise.promise;
}

class TransformStreamDefaultController {
  #controller;

  constructor(key = undefined, record = undefined) {
    if (key !== INTERNAL) throw illegalConstructor("TransformStreamDefaultController");
    this.#controller = record;
  }

  get desiredSize() {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("desiredSize", "TransformStreamDefaultController");
    }
    return readableStreamDefaultControllerGetDesiredSize(
        this.#controller.stream.readable.controller);
  }

  enqueue(chunk = undefined) {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("enqueue()", "TransformStreamDefaultController");
    }
    transformStreamDefaultControllerEnqueue(this.#controller, chunk);
  }

  error(reason = undefined) {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("error()", "TransformStreamDefaultController");
    }
    transformStreamDefaultControllerError(this.#controller, reason);
  }

  terminate() {
    if (!isObject(this) || !(#controller in this)) {
      throw illegalInvocation("terminate()", "TransformStreamDefaultController");
    }
    transformStreamDefaultControllerTerminate(this.#controller);
  }
}

function newTransformStreamRecord() {
  return { __proto__: null, obj: undefined, readable: undefined, writable: undefined,
    backpressure: undefined, backpressureChangePromise: undefined, controller: undefined };
}

// A TransformStream made by the platform (TextEncoderStream, TextDecoderStream): `transform`
// (given the chunk) and `flush` return nothing or throw.
function createTransformStream(transform, flush) {
  const stream = newTransformStreamRecord();
  const startPromise = newDeferred();
  initializeTransformStream(stream, startPromise.promise, 1, () => 1, 0, () => 1);
  const controller = newTransformControllerRecord();
  const wrap = (fn) => (chunk) => {
    try {
      fn(chunk);
      return resolvedWith(undefined);
    } catch (error) {
      return rejectedWith(error);
    }
  };
  setUpTransformStreamDefaultController(stream, controller, wrap(transform), wrap(flush),
      () => resolvedWith(undefined));
  startPromise.resolve(undefined);
  return stream;
}

class TransformStream {
  #stream;

  constructor(transformer = undefined, writableStrategy = undefined,
      readableStrategy = undefined) {
    if (transformer === INTERNAL) {  // IdentityTransformStream: the record is made already
      this.#stream = writableStrategy;
      writableStrategy.obj = this;
      return;
    }
    const what = "Failed to construct 'TransformStream'";
    const writableStrat = queuingStrategyOf(writableStrategy, `${what}: writableStrategy`);
    const readableStrat = queuingStrategyOf(readableStrategy, `${what}: readableStrategy`);
    if (transformer !== undefined && !isObject(transformer)) {
      throw new TypeError(`${what}: the transformer must be an object (with start, transform ` +
          `and flush methods), got ${transformer === null ? "null" : typeof transformer}.`);
    }
    const source = transformer === undefined ? null : transformer;
    // Transformer members, read once each, in Web IDL (alphabetical) order.
    const dict = { __proto__: null };
    if (source !== null) {
      dict.cancel = callbackOf(source, "cancel", `${what}: the transformer`);
      const expectedLength = source.expectedLength;
      dict.expectedLength = expectedLength === undefined ? undefined
        : byteCountOf(expectedLength, `${what}: expectedLength`);
      dict.flush = callbackOf(source, "flush", `${what}: the transformer`);
      if (source.readableType !== undefined) {
        throw new RangeError(`${what}: the transformer's readableType must be undefined.`);
      }
      dict.start = callbackOf(source, "start", `${what}: the transformer`);
      dict.transform = callbackOf(source, "transform", `${what}: the transformer`);
      if (source.writableType !== undefined) {
        throw new RangeError(`${what}: the transformer's writableType must be undefined.`);
      }
    }
    const readableHighWaterMark = extractHighWaterMark(readableStrat, 0, what);
    const readableSizeAlgorithm = extractSizeAlgorithm(readableStrat);
    const writableHighWaterMark = extractHighWaterMark(writableStrat, 1, what);
    const writableSizeAlgorithm = extractSizeAlgorithm(writableStrat);
    const startPromise = newDeferred();
    const stream = newTransformStreamRecord();
    stream.obj = this;
    this.#stream = stream;
    initializeTransformStream(stream, startPromise.promise, writableHighWaterMark,
        writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm);
    stream.readable.expectedLength = dict.expectedLength;
    setUpTransformStreamDefaultControllerFromTransformer(stream, source, dict);
    if (dict.start !== undefined) {
      startPromise.resolve(apply(dict.start, source, [stream.controller.obj]));
    } else {
      startPromise.resolve(undefined);
    }
  }

  get readable() {
    if (!isObject(this) || !(#stream in this)) {
      throw illegalInvocation("readable", "TransformStream");
    }
    return this.#stream.readable.obj;
  }

  get writable() {
    if (!isObject(this) || !(#stream in this)) {
      throw illegalInvocation("writable", "TransformStream");
    }
    return this.#stream.writable.obj;
  }
}

// =============================================================================================
// IdentityTransformStream and FixedLengthStream (Cloudflare Workers' own, not in a standard)
//
// What Workers has (workerd's identity-transform-stream.c++), so Workers code runs unchanged.
// The pair is a rendezvous: nothing is buffered between the sides, and a write settles once
// readers have taken all its bytes (so a worker that awaits a write before anyone reads waits
// forever, as in Workers). The readable side is a byte stream: BYOB readers and readAtLeast()
// work, and a default reader gets at most DEFAULT_READ_BYTES a read. Chunks are bytes
// (ArrayBuffer, ArrayBuffer view) or strings (as UTF-8), copied when written; anything else
// rejects that write with a TypeError and leaves the stream usable (a pipe that gives one is
// ended with that error). A FixedLengthStream counts what readers take: a read that would take
// it past its length, or a close() short of it, errors the stream with a TypeError, and a body
// made of its readable side is sent with that Content-Length.
//
// The record is a TransformStream record (readable, writable) whose sides are wired to each
// other here; state (below) is the one write being taken, if any.

const DEFAULT_READ_BYTES = 4096;  // what a default reader's read() takes at most, as in Workers

const FIXED_LENGTH_TOO_LONG = "FixedLengthStream: more bytes were written than the length it " +
    "was made with.";
const FIXED_LENGTH_TOO_SHORT = "FixedLengthStream: the writable side was closed before the " +
    "length it was made with was written.";

// Chunks as Workers' byte sinks take them: a copy of the bytes, or null for nothing to write.
function identityChunkBytes(chunk, what) {
  if (chunk === undefined) return null;
  let bytes;
  if (isView(chunk)) {
    const parts = viewParts(chunk);
    bytes = new U8(parts.buffer, parts.byteOffset, parts.byteLength);
  } else if (isArrayBuffer(chunk)) {
    bytes = new U8(chunk);
  } else if (typeof chunk === "string") {
    bytes = native.utf8Encode(chunk);
    return apply(taByteLength, bytes, []) === 0 ? null : bytes;
  } else {
    throw new TypeError(`${what}: each chunk written must be an ArrayBuffer, an ArrayBuffer ` +
        `view (such as a Uint8Array) or a string, got ${chunk === null ? "null"
          : typeof chunk === "object" ? "an object" : `a ${typeof chunk}`}.`);
  }
  const length = apply(taByteLength, bytes, []);
  if (length === 0) return null;
  const copy = new U8(length);
  apply(taSet, copy, [bytes]);
  return copy;
}

// `highWaterMark`: bytes written but not yet read past which the writer sees backpressure
// (undefined: never, desiredSize stays 1, as in Workers). `length`: a FixedLengthStream's.
function createIdentityTransformStream(highWaterMark, length, what) {
  const stream = newTransformStreamRecord();
  const state = {
    __proto__: null,
    write: null,      // { bytes, offset, deferred }: the write readers are taking
    pull: null,       // deferred: the readable side's pull, waiting for a write
    left: length,     // a FixedLengthStream's bytes still to come
  };
  let readable;
  let writable;
  const wakePull = () => {
    const pull = state.pull;
    state.pull = null;
    if (pull !== null) pull.resolve(undefined);
  };
  // Errors both sides (a stream that broke its length, a pipe that gave what is not bytes).
  const fail = (error) => {
    readableByteStreamControllerError(readable.controller, error);
    writableStreamDefaultControllerErrorIfNeeded(writable.controller, error);
    wakePull();
  };
  // Moves bytes of the write being taken to the first pending read (all of it to the queue if
  // none waits); the write settles once all its bytes are gone.
  const deliver = () => {
    const controller = readable.controller;
    const write = state.write;
    const writeLength = apply(taByteLength, write.bytes, []);
    const descriptor = controller.pendingPullIntos.size > 0 ? controller.pendingPullIntos.peek()
      : null;
    const n = descriptor === null ? writeLength - write.offset
      : mathMin(descriptor.byteLength - descriptor.bytesFilled, writeLength - write.offset);
    const taken = new U8(apply(taBuffer, write.bytes, []),
        apply(taByteOffset, write.bytes, []) + write.offset, n);
    write.offset += n;
    const whole = write.offset === writeLength;
    if (whole) state.write = null;
    if (state.left !== undefined) {
      if (n > state.left) {
        // As in Workers: the read that went past the length fails, and so does the write
        // unless that read took the rest of it.
        const error = new TypeError(FIXED_LENGTH_TOO_LONG);
        state.write = null;
        if (whole) write.deferred.resolve(undefined);
        else write.deferred.reject(error);
        fail(error);
        return;
      }
      state.left -= n;
      readable.expectedLength = state.left;
    }
    if (descriptor !== null) {
      apply(taSet, new U8(descriptor.buffer, descriptor.byteOffset + descriptor.bytesFilled, n),
          [taken]);
      readableByteStreamControllerRespond(controller, n);
    } else {
      const copy = new U8(n);
      apply(taSet, copy, [taken]);
      readableByteStreamControllerEnqueue(controller, viewParts(copy));
    }
    if (whole) write.deferred.resolve(undefined);
  };

  const pullAlgorithm = () => {
    if (state.write !== null) {
      deliver();
      return RESOLVED;
    }
    state.pull = newDeferred();
    return state.pull.promise;
  };
  const cancelAlgorithm = (reason) => {
    // Readers are gone: the write being taken fails with their reason, and so does the
    // writable side.
    const write = state.write;
    state.write = null;
    if (write !== null) write.deferred.reject(reason);
    else writableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
    wakePull();
    return RESOLVED;
  };
  const writeAlgorithm = (bytes) => {
    const write = { __proto__: null, bytes, offset: 0, deferred: newDeferred() };
    state.write = write;
    if (state.pull !== null) {
      deliver();
      wakePull();
    }
    return write.deferred.promise;
  };
  const closeAlgorithm = () => {
    const controller = readable.controller;
    if (state.left !== undefined && state.left !== 0) {
      // close() itself succeeds, as in Workers; readers get the error.
      readableByteStreamControllerError(controller, new TypeError(FIXED_LENGTH_TOO_SHORT));
    } else if (readable.state === "readable") {
      try {
        readableByteStreamControllerClose(controller);
        if (controller.pendingPullIntos.size > 0) {
          readableByteStreamControllerRespond(controller, 0);
        }
      } catch {
        // A BYOB read left with part of an element: the close errored the stream already.
      }
    }
    wakePull();
    return RESOLVED;
  };
  const abortAlgorithm = () => RESOLVED;  // the abort signal did the work (below)

  const sizeAlgorithm = highWaterMark === undefined ? () => 0
    : (bytes) => apply(taByteLength, bytes, []);
  writable = createWritableStream(noop, writeAlgorithm, closeAlgorithm, abortAlgorithm,
      highWaterMark === undefined ? 1 : highWaterMark, sizeAlgorithm);
  readable = createReadableByteStream(noop, pullAlgorithm, cancelAlgorithm,
      DEFAULT_READ_BYTES);
  readable.expectedLength = length;
  writable.takeChunk = (chunk) => identityChunkBytes(chunk, what);
  writable.refusedFromPipe = fail;
  // An abort does not wait for the write being taken (which may wait for a reader forever): it
  // fails that write and the readable side at once, with the abort's reason.
  abortSignalAdd(writable.controller.signal, (reason) => {
    const write = state.write;
    state.write = null;
    if (write !== null) write.deferred.reject(reason);
    readableByteStreamControllerError(readable.controller, reason);
    wakePull();
  });
  stream.readable = readable;
  stream.writable = writable;
  return stream;
}

// IdentityTransformStream's and FixedLengthStream's optional argument: { highWaterMark }, in
// bytes (undefined: no backpressure).
function identityStrategyOf(strategy, what) {
  if (strategy === undefined || strategy === null) return undefined;
  if (!isObject(strategy)) {
    throw new TypeError(`${what}: the queuing strategy must be an object such as ` +
        `{ highWaterMark: 65536 }, got ${typeof strategy}.`);
  }
  const highWaterMark = strategy.highWaterMark;
  return highWaterMark === undefined ? undefined
    : byteCountOf(highWaterMark, `${what}: highWaterMark`);
}

class IdentityTransformStream extends TransformStream {
  // (`key` and `record`: FixedLengthStream passes the record it made.)
  constructor(queuingStrategy = undefined, key = undefined, record = undefined) {
    if (key !== INTERNAL) {
      record = createIdentityTransformStream(identityStrategyOf(queuingStrategy,
          "Failed to construct 'IdentityTransformStream'"), undefined, "IdentityTransformStream");
    }
    super(INTERNAL, record);
  }
}

class FixedLengthStream extends IdentityTransformStream {
  constructor(expectedLength, queuingStrategy = undefined) {
    const what = "Failed to construct 'FixedLengthStream'";
    requireArgs(arguments.length, 1, what);
    const length = byteCountOf(expectedLength, `${what}: expectedLength`);
    const highWaterMark = identityStrategyOf(queuingStrategy, what);
    // A writer never needs to hold back more than the whole length, as in Workers.
    super(undefined, INTERNAL, createIdentityTransformStream(
        highWaterMark === undefined ? undefined : mathMin(highWaterMark, length), length,
        "FixedLengthStream"));
  }
}

// =============================================================================================
// Queuing strategies

// The size functions: one per realm and class, as the standard says.
const byteLengthSize = { size(chunk) { return chunk.byteLength; } }.size;
const countSize = { size() { return 1; } }.size;
defineProperty(byteLengthSize, "length", { value: 1 });

function strategyInit(init, what) {
  requireArgs(init === undefined ? 0 : 1, 1, what);
  const dict = dictionaryOf(init, `${what}: init`);
  if (dict.highWaterMark === undefined) {
    throw new TypeError(`${what}: init.highWaterMark is required, e.g. ` +
        "{ highWaterMark: 16 }.");
  }
  return +dict.highWaterMark;
}

class ByteLengthQueuingStrategy {
  #highWaterMark;

  constructor(init) {
    this.#highWaterMark = strategyInit(arguments.length === 0 ? undefined : init,
        "Failed to construct 'ByteLengthQueuingStrategy'");
  }

  get highWaterMark() {
    if (!isObject(this) || !(#highWaterMark in this)) {
      throw illegalInvocation("highWaterMark", "ByteLengthQueuingStrategy");
    }
    return this.#highWaterMark;
  }

  get size() {
    if (!isObject(this) || !(#highWaterMark in this)) {
      throw illegalInvocation("size", "ByteLengthQueuingStrategy");
    }
    return byteLengthSize;
  }
}

class CountQueuingStrategy {
  #highWaterMark;

  constructor(init) {
    this.#highWaterMark = strategyInit(arguments.length === 0 ? undefined : init,
        "Failed to construct 'CountQueuingStrategy'");
  }

  get highWaterMark() {
    if (!isObject(this) || !(#highWaterMark in this)) {
      throw illegalInvocation("highWaterMark", "CountQueuingStrategy");
    }
    return this.#highWaterMark;
  }

  get size() {
    if (!isObject(this) || !(#highWaterMark in this)) {
      throw illegalInvocation("size", "CountQueuingStrategy");
    }
    return countSize;
  }
}

// =============================================================================================
// TextEncoderStream and TextDecoderStream (WHATWG Encoding)

class TextEncoderStream {
  #transform;

  constructor() {
    let pendingHighSurrogate = null;
    this.#transform = createTransformStream((chunk) => {
      let input = `${chunk}`;  // DOMString: a Symbol is a TypeError
      if (pendingHighSurrogate !== null) {
        input = pendingHighSurrogate + input;
        pendingHighSurrogate = null;
      }
      const last = input.length === 0 ? 0 : apply(stringCharCodeAt, input, [input.length - 1]);
      if (last >= 0xd800 && last <= 0xdbff) {
        pendingHighSurrogate = input[input.length - 1];
        input = apply(stringSlice, input, [0, -1]);
      }
      if (input.length === 0) return;
      // Lone surrogates become U+FFFD, as the Encoding Standard's UTF-8 encoder does.
      const bytes = native.utf8Encode(input);
      transformStreamDefaultControllerEnqueue(this.#transform.controller, bytes);
    }, () => {
      if (pendingHighSurrogate !== null) {
        transformStreamDefaultControllerEnqueue(this.#transform.controller,
            new U8([0xef, 0xbf, 0xbd]));
      }
    });
  }

  get encoding() {
    if (!isObject(this) || !(#transform in this)) {
      throw illegalInvocation("encoding", "TextEncoderStream");
    }
    return "utf-8";
  }

  get readable() {
    if (!isObject(this) || !(#transform in this)) {
      throw illegalInvocation("readable", "TextEncoderStream");
    }
    return this.#transform.readable.obj;
  }

  get writable() {
    if (!isObject(this) || !(#transform in this)) {
      throw illegalInvocation("writable", "TextEncoderStream");
    }
    return this.#transform.writable.obj;
  }
}

const STREAM_OPTION = Object.freeze({ __proto__: null, stream: true });

class TextDecoderStream {
  #decoder;
  #transform;

  constructor(label = "utf-8", options = undefined) {
    // The TextDecoder checks the label and options, with its errors.
    const decoder = new PlatformTextDecoder(label, options);
    this.#decoder = decoder;
    const enqueue = (text) => {
      if (text.length > 0) {
        transformStreamDefaultControllerEnqueue(this.#transform.controller, text);
      }
    };
    this.#transform = createTransformStream((chunk) => {
      if (!isView(chunk) && !isArrayBuffer(chunk)) {
        throw new TypeError("TextDecoderStream: each chunk must be an ArrayBuffer or an " +
            "ArrayBuffer view (such as a Uint8Array), got " +
            `${chunk === null ? "null" : typeof chunk}.`);
      }
      enqueue(apply(textDecoderDecode, decoder, [chunk, STREAM_OPTION]));
    }, () => {
      enqueue(apply(textDecoderDecode, decoder, []));
    });
  }

  get encoding() {
    if (!isObject(this) || !(#decoder in this)) {
      throw illegalInvocation("encoding", "TextDecoderStream");
    }
    return apply(textDecoderGetters[0], this.#decoder, []);
  }

  get fatal() {
    if (!isObject(this) || !(#decoder in this)) {
      throw illegalInvocation("fatal", "TextDecoderStream");
    }
    return apply(textDecoderGetters[1], this.#decoder, []);
  }

  get ignoreBOM() {
    if (!isObject(this) || !(#decoder in this)) {
      throw illegalInvocation("ignoreBOM", "TextDecoderStream");
    }
    return apply(textDecoderGetters[2], this.#decoder, []);
  }

  get readable() {
    if (!isObject(this) || !(#decoder in this)) {
      throw illegalInvocation("readable", "TextDecoderStream");
    }
    return this.#transform.readable.obj;
  }

  get writable() {
    if (!isObject(this) || !(#decoder in this)) {
      throw illegalInvocation("writable", "TextDecoderStream");
    }
    return this.#transform.writable.obj;
  }
}

// =============================================================================================
// CompressionStream and DecompressionStream (WHATWG Compression), over zlib (native.zlibNew and
// native.zlibPush, runtime/compression-natives.cc)

const COMPRESSION_FORMATS = ["deflate", "deflate-raw", "gzip"];
const ZLIB_MAX_INPUT = 256 * 1024;  // what one native call takes (compression-natives.cc)
const ZLIB_WANTS_INPUT = 0;
const ZLIB_HAS_OUTPUT = 1;
const ZLIB_ENDED = 2;

function compressionFormatOf(format, what) {
  const name = `${format}`;
  for (let i = 0; i < COMPRESSION_FORMATS.length; i++) {
    if (COMPRESSION_FORMATS[i] === name) return name;
  }
  throw new TypeError(`${what}: unsupported format ${JSON.stringify(name)}; it must be ` +
      '"gzip", "deflate" or "deflate-raw".');
}

// A TransformStream record that (de)compresses the BufferSource chunks written to it.
function zlibTransformStream(format, compress, what) {
  const handle = native.zlibNew(format, compress);
  let ended = false;
  let stream;
  // Feeds `bytes` to zlib, a bounded piece per native call, and enqueues what comes out.
  const push = (bytes, finish) => {
    const length = apply(taByteLength, bytes, []);
    if (ended) {
      if (length > 0) {
        throw new TypeError(`${what}: there is data after the end of the compressed stream.`);
      }
      return;
    }
    let offset = 0;
    for (;;) {
      const piece = mathMin(length - offset, ZLIB_MAX_INPUT);
      const input = new U8(apply(taBuffer, bytes, []), apply(taByteOffset, bytes, []) + offset,
          piece);
      let result;
      try {
        result = native.zlibPush(handle, input, finish && offset + piece === length);
      } catch (error) {
        ended = true;
        throw new TypeError(`${what}: the ${format} data is invalid.`, { cause: error });
      }
      offset += result[1];
      const output = result[0];
      if (apply(taByteLength, output, []) > 0) {
        transformStreamDefaultControllerEnqueue(stream.controller, output);
      }
      const status = result[2];
      if (status === ZLIB_ENDED) {
        ended = true;
        if (offset < length) {
          throw new TypeError(`${what}: there is data after the end of the compressed stream.`);
        }
        return;
      }
      if (status === ZLIB_HAS_OUTPUT || offset < length) continue;
      // ZLIB_WANTS_INPUT, and all of `bytes` was taken.
      if (finish) {
        if (compress) continue;  // deflate still has its end to write
        throw new TypeError(`${what}: the ${format} data ends before the compressed stream ` +
            "does (it is truncated).");
      }
      return;
    }
  };
  stream = createTransformStream((chunk) => {
    let bytes;
    if (isView(chunk)) {
      const parts = viewParts(chunk);
      bytes = new U8(parts.buffer, parts.byteOffset, parts.byteLength);
    } else if (isArrayBuffer(chunk)) {
      bytes = new U8(chunk);
    } else {
      throw new TypeError(`${what}: each chunk must be an ArrayBuffer or an ArrayBuffer view ` +
          `(such as a Uint8Array), got ${chunk === null ? "null" : typeof chunk}.`);
    }
    push(bytes, false);
  }, () => push(new U8(0), true));
  return stream;
}

class CompressionStream {
  #transform;

  constructor(format) {
    const what = "Failed to construct 'CompressionStream'";
    requireArgs(arguments.length, 1, what);
    this.#transform = zlibTransformStream(compressionFormatOf(format, what), true,
        "CompressionStream");
  }

  get readable() {
    if (!isObject(this) || !(#transform in this)) {
      throw illegalInvocation("readable", "CompressionStream");
    }
    return this.#transform.readable.obj;
  }

  get writable() {
    if (!isObject(this) || !(#transform in this)) {
      throw illegalInvocation("writable", "CompressionStream");
    }
    return this.#transform.writable.obj;
  }
}

class DecompressionStream {
  #transform;

  constructor(format) {
    const what = "Failed to construct 'DecompressionStream'";
    requireArgs(arguments.length, 1, what);
    this.#transform = zlibTransformStream(compressionFormatOf(format, what), false,
        "DecompressionStream");
  }

  get readable() {
    if (!isObject(this) || !(#transform in this)) {
      throw illegalInvocation("readable", "DecompressionStream");
    }
    return this.#transform.readable.obj;
  }

  get writable() {
    if (!isObject(this) || !(#transform in this)) {
      throw illegalInvocation("writable", "DecompressionStream");
    }
    return this.#transform.writable.obj;
  }
}

function isArrayBuffer(value) {
  if (!isObject(value)) return false;
  try {
    apply(abByteLength, value, []);
    return true;
  } catch {
    return false;
  }
}

// =============================================================================================
// The platform's own streams, for bodies (fetch.js, blob.js)

// A byte stream of `bytes` (a Uint8Array the stream never modifies or hands out: each read gets
// a copy), as one chunk. `onPull()`, if given, is called when the stream first pulls, before
// the bytes are read from `source.bytes` (fetch.js keeps the bytes there so it can take them
// back while the stream is untouched).
function newBytesStream(source) {
  let stream;
  const pullAlgorithm = () => {
    const bytes = source.bytes;
    source.bytes = null;
    const controller = stream.controller;
    if (bytes !== null && apply(taByteLength, bytes, []) > 0) {
      const copy = new U8(apply(taByteLength, bytes, []));
      apply(taSet, copy, [bytes]);
      readableByteStreamControllerEnqueue(controller, viewParts(copy));
    }
    readableByteStreamControllerClose(controller);
    if (controller.pendingPullIntos.size > 0) readableByteStreamControllerRespond(controller, 0);
    return resolvedWith(undefined);
  };
  const cancelAlgorithm = () => {
    source.bytes = null;
    return resolvedWith(undefined);
  };
  stream = createReadableByteStream(noop, pullAlgorithm, cancelAlgorithm);
  return stream.obj;
}

// A body the host hands over as it arrives (a request's, or a subrequest's response): a byte
// stream that asks native.bodyRead(id) for each chunk (a Uint8Array, or null at the end) only
// when read, so the sender is held back to the reader's pace; native.bodyCancel(id) gives up
// on the rest. `length`: the bytes it will give, when its sender said (Content-Length), so
// that passed on as a body it goes with that length too.
function newHostBodyStream(id, length = undefined) {
  let stream;
  const pullAlgorithm = () => then(native.bodyRead(id), (chunk) => {
    const controller = stream.controller;
    if (chunk !== null) {
      readableByteStreamControllerEnqueue(controller, viewParts(chunk));
      return;
    }
    readableByteStreamControllerClose(controller);
    if (controller.pendingPullIntos.size > 0) readableByteStreamControllerRespond(controller, 0);
  });
  const cancelAlgorithm = () => {
    native.bodyCancel(id);
    return RESOLVED;
  };
  stream = createReadableByteStream(noop, pullAlgorithm, cancelAlgorithm);
  stream.expectedLength = length;
  return stream.obj;
}

// Reads all of a ReadableStream: a promise of a Uint8Array with every byte. Chunks must be
// ArrayBuffers or ArrayBuffer views (as Workers requires of a body stream); anything else
// rejects with a TypeError. The stream must be neither locked nor disturbed (the caller checks).
function readAllBytes(streamObject) {
  const stream = streamRecordOf(streamObject);
  const reader = acquireReadableStreamDefaultReader(stream);
  const result = newDeferred();
  const chunks = new Queue();
  let total = 0;
  let looping = false;
  let again = false;
  const readRequest = {
    __proto__: null,
    chunkSteps: (chunk) => {
      let bytes;
      if (isView(chunk)) {
        const parts = viewParts(chunk);
        bytes = new U8(parts.buffer, parts.byteOffset, parts.byteLength);
      } else if (isArrayBuffer(chunk)) {
        bytes = new U8(chunk);
      } else {
        const error = new TypeError("A body stream gave a chunk that is not bytes (a " +
            `${chunk === null ? "null" : typeof chunk}); a ReadableStream used as a body must ` +
            "give ArrayBuffers or ArrayBuffer views such as Uint8Array (TextEncoderStream " +
            "turns strings into bytes).");
        result.reject(error);
        readableStreamCancel(stream, error);
        return;
      }
      const copy = new U8(apply(taByteLength, bytes, []));
      apply(taSet, copy, [bytes]);
      chunks.push(copy);
      total += apply(taByteLength, copy, []);
      loop();
    },
    closeSteps: () => {
      if (chunks.size === 1) {
        result.resolve(chunks.shift());
        return;
      }
      const all = new U8(total);
      let offset = 0;
      while (chunks.size > 0) {
        const chunk = chunks.shift();
        apply(taSet, all, [chunk, offset]);
        offset += apply(taByteLength, chunk, []);
      }
      result.resolve(all);
    },
    errorSteps: (e) => result.reject(e),
  };
  // Chunks already queued are read synchronously: loop instead of recursing.
  function loop() {
    if (looping) {
      again = true;
      return;
    }
    looping = true;
    do {
      again = false;
      readableStreamDefaultReaderRead(reader, readRequest);
    } while (again);
    looping = false;
  }
  loop();
  return result.promise;
}

// For the host, which takes a response body as it comes: next() is a promise of the next
// chunk's bytes (a copy; strings as UTF-8, as Workers sends them), or null at the
// end; cancel(reason) gives up on the rest.
function chunkReaderForHost(streamObject) {
  const stream = streamRecordOf(streamObject);
  const reader = acquireReadableStreamDefaultReader(stream);
  return {
    __proto__: null,
    next() {
      const result = newDeferred();
      readableStreamDefaultReaderRead(reader, {
        __proto__: null,
        chunkSteps: (chunk) => {
          let bytes;
          if (isView(chunk)) {
            const parts = viewParts(chunk);
            bytes = new U8(parts.buffer, parts.byteOffset, parts.byteLength);
          } else if (isArrayBuffer(chunk)) {
            bytes = new U8(chunk);
          } else if (typeof chunk === "string") {
            bytes = native.utf8Encode(chunk);
          } else {
            const error = new TypeError("A body stream gave a chunk that is not bytes (a " +
                `${chunk === null ? "null" : typeof chunk}); a ReadableStream used as a body ` +
                "must give ArrayBuffers or ArrayBuffer views such as Uint8Array.");
            result.reject(error);
            readableStreamCancel(stream, error);
            return;
          }
          const copy = new U8(apply(taByteLength, bytes, []));
          apply(taSet, copy, [bytes]);
          result.resolve(copy);
        },
        closeSteps: () => result.resolve(null),
        errorSteps: (e) => result.reject(e),
      });
      return result.promise;
    },
    cancel(reason) { readableStreamCancel(stream, reason); },
  };
}

internal.chunkReaderForHost = chunkReaderForHost;
internal.ReadableStream = ReadableStream;
internal.WritableStream = WritableStream;
internal.TransformStream = TransformStream;
internal.isReadableStream = (value) => streamRecordOf(value) !== undefined;
internal.readableStreamLocked = (stream) => isReadableStreamLocked(streamRecordOf(stream));
internal.readableStreamDisturbed = (stream) => streamRecordOf(stream).disturbed;
// Locks and disturbs a stream for good, as reading it would (fetch.js: when it takes the bytes
// of a body stream nobody has read yet).
internal.readableStreamTake = (stream) => {
  const record = streamRecordOf(stream);
  acquireReadableStreamDefaultReader(record);
  record.disturbed = true;
};
// Fetch's "tee a body stream": two branches, the second one's chunks cloned.
internal.readableStreamTee = (stream) => {
  const branches = readableStreamTee(streamRecordOf(stream), true);
  return [branches[0].obj, branches[1].obj];
};
// The number of bytes a stream will give when known in advance (Workers' FixedLengthStream and
// expectedLength), else null: a body made of it is sent with that Content-Length.
internal.readableStreamExpectedLength = (stream) => {
  const length = streamRecordOf(stream).expectedLength;
  return length === undefined ? null : length;
};
internal.newBytesStream = newBytesStream;
internal.newHostBodyStream = newHostBodyStream;
internal.readAllBytes = readAllBytes;

for (const cls of [ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader,
  ReadableStreamDefaultController, ReadableByteStreamController, ReadableStreamBYOBRequest,
  WritableStream, WritableStreamDefaultWriter, WritableStreamDefaultController,
  TransformStream, TransformStreamDefaultController, ByteLengthQueuingStrategy,
  CountQueuingStrategy, TextEncoderStream, TextDecoderStream, CompressionStream,
  DecompressionStream, IdentityTransformStream, FixedLengthStream]) {
  makeMembersEnumerable(cls);
  setToStringTag(cls, cls.name);
  defineGlobal(cls.name, cls);
}
makeMembersEnumerable(ReadableStreamAsyncIterator);
delete ReadableStreamAsyncIterator.prototype.constructor;
setToStringTag(ReadableStreamAsyncIterator, "ReadableStream AsyncIterator");
