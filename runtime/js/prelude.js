// Shared helpers for the bootstrap files, and DOMException (everything else throws it).

internal.defineGlobal = (name, value) => {
  Object.defineProperty(globalThis, name, {
    value,
    writable: true,
    configurable: true,
    enumerable: false,
  });
};

// Prototype -> interface name, for every class that setToStringTag is given, so that
// structuredClone can tell these platform objects from ordinary ones.
const interfacePrototypes = new Map();
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
const getPrototypeOf = Object.getPrototypeOf;
const apply = Reflect.apply;

// Web IDL: methods and accessors on a prototype are enumerable; Symbol.toStringTag names
// the interface.
internal.setToStringTag = (cls, tag) => {
  Object.defineProperty(cls.prototype, Symbol.toStringTag, {
    value: tag,
    configurable: true,
  });
  apply(mapSet, interfacePrototypes, [cls.prototype, tag]);
};

// The interface name of a platform object made by these files (also for an instance of a
// subclass), or null.
internal.interfaceOf = (value) => {
  for (let o = getPrototypeOf(value); o !== null; o = getPrototypeOf(o)) {
    const name = apply(mapGet, interfacePrototypes, [o]);
    if (name !== undefined) return name;
  }
  return null;
};

// Web IDL "USVString" conversion: lone surrogates become U+FFFD.
internal.toUSVString = (value) => {
  const s = String(value);
  return s.isWellFormed ? s.toWellFormed() : s.replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
};

// Web IDL "ByteString" conversion: a TypeError for code units above 0xFF.
internal.toByteString = (value, what) => {
  const s = String(value);
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0xff) {
      throw new TypeError(`${what}: character at index ${i} is not a valid ByteString`);
    }
  }
  return s;
};

// BufferSource -> Uint8Array view over the same bytes (no copy).
internal.bufferSourceBytes = (value) => {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  return null;
};

// Web IDL: an operation called with fewer than `needed` arguments throws a TypeError.
internal.requireArgs = (given, needed, what) => {
  if (given < needed) {
    throw new TypeError(`${what}: ${needed} argument${needed === 1 ? "" : "s"} required, ` +
        `but only ${given} present.`);
  }
};

// Web IDL dictionary argument: undefined and null mean "empty"; other primitives are errors.
internal.dictionary = (value, what) => {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeError(`${what} must be an object.`);
  }
  return value;
};

// Web IDL methods, accessors and static operations are enumerable; class syntax makes them
// non-enumerable, so fix that once per class. Symbol-keyed members stay as they are.
internal.makeMembersEnumerable = (cls) => {
  for (const target of [cls.prototype, cls]) {
    for (const key of Object.getOwnPropertyNames(target)) {
      if (key === "constructor" || key === "prototype" || key === "length" || key === "name") {
        continue;
      }
      Object.defineProperty(target, key, { enumerable: true });
    }
  }
};

const DOM_EXCEPTION_CODES = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4,
  InvalidCharacterError: 5, NoModificationAllowedError: 7, NotFoundError: 8,
  NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12,
  InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
  URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23,
  InvalidNodeTypeError: 24, DataCloneError: 25,
};

class DOMException extends Error {
  #name;
  #message;

  constructor(message = "", name = "Error") {
    super(String(message));
    delete this.message;  // Error's own property would shadow the getter below.
    this.#message = String(message);
    this.#name = String(name);
    // The stack should name the DOMException, not the Error it extends.
    Object.defineProperty(this, "stack", {
      value: `${this.#name}: ${this.#message}` +
          (new Error().stack ?? "").replace(/^[^\n]*/, ""),
      writable: true,
      configurable: true,
    });
  }

  get name() { return this.#name; }
  get message() { return this.#message; }
  get code() { return DOM_EXCEPTION_CODES[this.#name] ?? 0; }
}
for (const [name, code] of Object.entries(DOM_EXCEPTION_CODES)) {
  const constant = name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()
      .replace(/_ERROR$/, "_ERR");
  Object.defineProperty(DOMException, constant, { value: code, enumerable: true });
  Object.defineProperty(DOMException.prototype, constant, { value: code, enumerable: true });
}
internal.setToStringTag(DOMException, "DOMException");
internal.DOMException = DOMException;
internal.defineGlobal("DOMException", DOMException);
