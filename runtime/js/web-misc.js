// console, crypto (getRandomValues, randomUUID), structuredClone, timers,
// queueMicrotask, self and navigator.

const { DOMException } = internal;

// Intrinsics captured before worker code can replace them.
const ObjectProto = Object.prototype;
const objectToString = (v) => ObjectProto.toString.call(v);
const getProto = Object.getPrototypeOf;
const getOwnDesc = Object.getOwnPropertyDescriptor;
const hasOwn = (o, k) => ObjectProto.hasOwnProperty.call(o, k);
const fnToString = Function.prototype.toString;
const typedArrayProto = getProto(Uint8Array.prototype);
const typedArrayName = getOwnDesc(typedArrayProto, Symbol.toStringTag).get;
const typedArrayLength = getOwnDesc(typedArrayProto, "length").get;
const mapSize = getOwnDesc(Map.prototype, "size").get;
const setSize = getOwnDesc(Set.prototype, "size").get;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const dateGetTime = Date.prototype.getTime;
const dateToISOString = Date.prototype.toISOString;
const regExpSource = getOwnDesc(RegExp.prototype, "source").get;
const regExpToString = RegExp.prototype.toString;
const errorToString = Error.prototype.toString;
const arrayBufferByteLength = getOwnDesc(ArrayBuffer.prototype, "byteLength").get;
const sharedArrayBufferByteLength = typeof SharedArrayBuffer === "function"
    ? getOwnDesc(SharedArrayBuffer.prototype, "byteLength").get : null;
const dataViewByteLength = getOwnDesc(DataView.prototype, "byteLength").get;
const dataViewByteOffset = getOwnDesc(DataView.prototype, "byteOffset").get;
const dataViewBuffer = getOwnDesc(DataView.prototype, "buffer").get;
const weakMapHas = WeakMap.prototype.has;
const weakSetHas = WeakSet.prototype.has;
const BOXED = [
  ["Number", Number.prototype.valueOf],
  ["String", String.prototype.valueOf],
  ["Boolean", Boolean.prototype.valueOf],
  ["BigInt", BigInt.prototype.valueOf],
  ["Symbol", Symbol.prototype.valueOf],
];
const IntrinsicPromise = Promise;
const promiseThen = Promise.prototype.then;
const promiseResolve = (v) => IntrinsicPromise.resolve(v);
const jsonStringify = JSON.stringify;

// True if `fn.call(value)` does not throw: a brand check through a built-in.
function passes(fn, value, ...args) {
  if (fn === null) return false;
  try {
    fn.call(value, ...args);
    return true;
  } catch {
    return false;
  }
}

// ===========================================================================
// inspect: a Node-compatible (for common cases) rendering of values.

const INSPECT_CUSTOM = Symbol.for("nodejs.util.inspect.custom");
const BREAK_LENGTH = 80;
const COMPACT = 3;          // the innermost 3 levels may share a line
const MAX_ARRAY_ITEMS = 100;
const MAX_STRING_LENGTH = 10000;
const MAX_BUFFER_BYTES = 100;
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

const formatNumber = (n) => (Object.is(n, -0) ? "-0" : `${n}`);

const CONTROL_ESCAPES = {
  "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "\\": "\\\\",
};
const ESCAPE_PATTERN =
    /[\x00-\x1f\x7f\\]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// A string as a quoted literal: single quotes unless the string contains them.
function quoteString(s) {
  let quote = "'";
  if (s.includes("'")) {
    if (!s.includes('"')) quote = '"';
    else if (!s.includes("`") && !s.includes("${")) quote = "`";
  }
  let body = s.replace(ESCAPE_PATTERN, (c) => {
    if (CONTROL_ESCAPES[c]) return CONTROL_ESCAPES[c];
    const code = c.charCodeAt(0);
    if (code >= 0xd800) return `\\u${code.toString(16)}`;
    return `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`;
  });
  if (quote === "'") body = body.replace(/'/g, "\\'");
  return `${quote}${body}${quote}`;
}

// Nested strings are quoted; a long multi-line one becomes one quoted piece per line
// joined with " +".
function formatString(ctx, s) {
  let more = "";
  if (s.length > MAX_STRING_LENGTH) {
    const rest = s.length - MAX_STRING_LENGTH;
    s = s.slice(0, MAX_STRING_LENGTH);
    more = `... ${rest} more character${rest > 1 ? "s" : ""}`;
  }
  if (s.length > 16 && s.length > BREAK_LENGTH - ctx.indent - 4) {
    const lines = s.split(/(?<=\n)/);
    if (lines.length > 1) {
      return lines.map(quoteString).join(` +\n${" ".repeat(ctx.indent + 2)}`) + more;
    }
  }
  return quoteString(s) + more;
}

function formatPrimitive(ctx, value) {
  switch (typeof value) {
    case "string": return formatString(ctx, value);
    case "number": return formatNumber(value);
    case "bigint": return `${value}n`;
    case "symbol": return value.toString();
    default: return `${value}`;  // undefined, null, boolean
  }
}

function formatKey(key, enumerable) {
  let text;
  if (typeof key === "symbol") return `[${key.toString()}]`;
  if (IDENTIFIER.test(key)) text = key;
  else text = quoteString(key);
  return enumerable ? text : `[${text}]`;
}

// The name of the nearest constructor in the prototype chain that `value` is an
// instance of, or null for objects without one (null prototype).
function constructorName(value) {
  for (let o = value; o !== null; o = getProto(o)) {
    const desc = getOwnDesc(o, "constructor");
    if (desc !== undefined && typeof desc.value === "function" && desc.value.name !== "") {
      try {
        if (value instanceof desc.value) return desc.value.name;
      } catch {
        // a throwing Symbol.hasInstance: keep looking
      }
    }
  }
  return null;
}

function stringTag(ctx, value, ctorName) {
  const own = getOwnDesc(value, Symbol.toStringTag);
  if (own !== undefined && (own.enumerable || ctx.showHidden)) return "";  // shown as a key
  let tag;
  try {
    tag = value[Symbol.toStringTag];
  } catch {
    return "";
  }
  return typeof tag === "string" && tag !== "" && tag !== ctorName ? tag : "";
}

// "Name(size) [tag] " style prefix; `fallback` names objects without a constructor.
function prefixFor(ctorName, tag, fallback, size = "") {
  if (ctorName === null) {
    return `[${fallback}${size}: null prototype]${tag ? ` [${tag}]` : ""} `;
  }
  return `${ctorName}${size} ${tag ? `[${tag}] ` : ""}`;
}

// Keys shown as properties: own enumerable ones (all own ones with showHidden),
// minus those `skip` says are shown another way (array indices, ...).
function propertyKeys(ctx, value, skip) {
  let keys;
  try {
    keys = Reflect.ownKeys(value);
  } catch {
    return [];
  }
  const out = [];
  for (const key of keys) {
    if (skip !== null && typeof key === "string" && skip(key)) continue;
    const desc = getOwnDesc(value, key);
    if (desc === undefined) continue;
    if (desc.enumerable || ctx.showHidden) out.push(key);
  }
  return out;
}

const isIndex = (key) => /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;

function formatProperty(ctx, value, key, level) {
  const desc = getOwnDesc(value, key);
  const name = formatKey(key, desc.enumerable);
  return `${name}: ${formatDescriptorValue(ctx, desc, level)}`;
}

function formatDescriptorValue(ctx, desc, level) {
  if ("value" in desc) {
    ctx.indent += 2;
    const text = formatValue(ctx, desc.value, level + 1);
    ctx.indent -= 2;
    return text;
  }
  if (desc.get !== undefined) return desc.set !== undefined ? "[Getter/Setter]" : "[Getter]";
  return desc.set !== undefined ? "[Setter]" : "undefined";
}

function functionBase(fn, ctorName, tag) {
  let source = "";
  try {
    source = fnToString.call(fn);
  } catch {
    // not a real function (a callable Proxy, for instance)
  }
  const nameDesc = getOwnDesc(fn, "name");
  const name = nameDesc && typeof nameDesc.value === "string" ? nameDesc.value : "";
  if (/^class(?=[\s{])/.test(source)) {
    let text = `[class ${name || "(anonymous)"}`;
    const parent = getProto(fn);
    if (parent !== null && parent !== Function.prototype) {
      const parentName = getOwnDesc(parent, "name");
      if (parentName && typeof parentName.value === "string" && parentName.value) {
        text += ` extends ${parentName.value}`;
      }
    }
    return `${text}]`;
  }
  let kind = objectToString(fn).slice(8, -1);
  if (!/^(Async)?(Generator)?Function$/.test(kind)) kind = "Function";
  let text = `[${kind}`;
  if (ctorName === null) text += " (null prototype)";
  text += name ? `: ${name}]` : " (anonymous)]";
  if (tag && tag !== kind) text += ` [${tag}]`;
  return text;
}

function errorBase(ctx, err, ctorName) {
  let stack;
  try {
    stack = err.stack;
  } catch {
    stack = undefined;
  }
  if (typeof stack !== "string" || stack === "") {
    try {
      stack = errorToString.call(err);
    } catch {
      stack = "Error";
    }
  }
  // Name the class when the stack names only the error's `name` (DOMException).
  let name;
  try {
    name = err.name;
  } catch {
    name = undefined;
  }
  const firstLine = stack.split("\n", 1)[0];
  if (ctorName !== null && typeof name === "string" && name.endsWith("Error") &&
      name !== ctorName && firstLine.startsWith(name) && !firstLine.includes(ctorName)) {
    stack = `${ctorName} [${name}]${stack.slice(name.length)}`;
  }
  if (!stack.includes("\n    at ")) stack = `[${stack}]`;
  if (ctx.indent > 0) stack = stack.replace(/\n/g, `\n${" ".repeat(ctx.indent)}`);
  return stack;
}

function isError(value) {
  return value instanceof Error || objectToString(value) === "[object Error]";
}

function formatBufferContents(u8) {
  const shown = Math.min(u8.length, MAX_BUFFER_BYTES);
  let hex = "";
  for (let i = 0; i < shown; i++) {
    hex += (i ? " " : "") + u8[i].toString(16).padStart(2, "0");
  }
  const rest = u8.length - shown;
  if (rest > 0) hex += ` ... ${rest} more byte${rest > 1 ? "s" : ""}`;
  return `[Uint8Contents]: <${hex}>`;
}

// Formats up to MAX_ARRAY_ITEMS elements, holes collapsed into "<n empty items>".
// Returns [entries, numericFlags, hiddenCount].
function arrayEntries(ctx, array, length, level) {
  const entries = [];
  const numeric = [];
  let i = 0;
  while (i < length && entries.length < MAX_ARRAY_ITEMS) {
    const desc = getOwnDesc(array, String(i));
    if (desc === undefined) {
      let j = i + 1;
      while (j < length && !hasOwn(array, String(j))) j++;
      const holes = j - i;
      entries.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`);
      numeric.push(false);
      i = j;
      continue;
    }
    entries.push(formatDescriptorValue(ctx, desc, level));
    numeric.push("value" in desc &&
        (typeof desc.value === "number" || typeof desc.value === "bigint"));
    i++;
  }
  return [entries, numeric, length - i];
}

function typedArrayEntries(ctx, array, length) {
  const shown = Math.min(length, MAX_ARRAY_ITEMS);
  const entries = [];
  for (let i = 0; i < shown; i++) {
    const v = array[i];
    entries.push(typeof v === "bigint" ? `${v}n` : formatNumber(v));
  }
  return [entries, new Array(shown).fill(true), length - shown];
}

function moreItems(n) {
  return `... ${n} more item${n > 1 ? "s" : ""}`;
}

// Lays out many short array entries as a table of rows (as Node does), or returns null.
// Numbers are right-aligned, other values left-aligned.
function arrangeInColumns(ctx, entries, numeric, totalCount) {
  const count = entries.length;
  let sum = 0;
  let widest = 0;
  for (const e of entries) {
    sum += e.length + 2;
    widest = Math.max(widest, e.length);
  }
  const cell = widest + 2;  // an entry plus its ", "
  if (cell * 3 + ctx.indent >= BREAK_LENGTH) return null;
  if (!(sum / cell > 5 || widest <= 6)) return null;
  const skew = Math.sqrt(cell - sum / totalCount);
  const weighted = Math.max(cell - 3 - skew, 1);
  const columns = Math.min(
      Math.round(Math.sqrt(2.5 * weighted * count) / weighted),
      Math.floor((BREAK_LENGTH - ctx.indent) / cell),
      COMPACT * 4,
      15);
  if (columns <= 1) return null;
  const columnWidth = [];
  for (let c = 0; c < columns; c++) {
    let w = 0;
    for (let j = c; j < count; j += columns) w = Math.max(w, entries[j].length);
    columnWidth.push(w + 2);
  }
  const rightAlign = numeric.every(Boolean);
  const rows = [];
  for (let start = 0; start < count; start += columns) {
    const end = Math.min(start + columns, count);
    let row = "";
    for (let j = start; j < end; j++) {
      const width = columnWidth[j - start];
      if (j < end - 1) {
        const cellText = `${entries[j]}, `;
        row += rightAlign ? cellText.padStart(width) : cellText.padEnd(width);
      } else {
        row += rightAlign ? entries[j].padStart(width - 2) : entries[j];
      }
    }
    rows.push(row);
  }
  return rows;
}

// Joins formatted entries into "{ a, b }" on one line when they fit (and the value
// is among the innermost COMPACT levels), else one entry (or row) per line.
function assemble(ctx, level, base, open, close, entries, columns = null) {
  const lead = base ? `${base} ` : "";
  let lines = entries;
  let grouped = false;
  if (columns !== null) {
    // Array-like: `entries` are elements then properties; `hidden` elements are not shown.
    const [numeric, hidden] = columns;
    const marker = hidden > 0 ? [moreItems(hidden)] : [];
    if (entries.length + marker.length > 6) {
      const rows = arrangeInColumns(ctx, entries, numeric, entries.length + marker.length);
      if (rows !== null) {
        lines = rows.concat(marker);
        grouped = true;
      }
    }
    entries = entries.concat(marker);
    if (!grouped) lines = entries;
  }
  if (!grouped && ctx.lastDepth - level < COMPACT) {
    let width = entries.length * 2 + ctx.indent + open.length + base.length + 10;
    for (const e of entries) width += e.length;
    if (width <= BREAK_LENGTH && !base.includes("\n")) {
      const joined = entries.join(", ");
      if (!joined.includes("\n")) return `${lead}${open} ${joined} ${close}`;
    }
  }
  const pad = `\n${" ".repeat(ctx.indent)}`;
  return `${lead}${open}${pad}  ${lines.join(`,${pad}  `)}${pad}${close}`;
}

function formatValue(ctx, value, level) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    return formatPrimitive(ctx, value);
  }
  if (ctx.customInspect) {
    let custom;
    try {
      custom = value[INSPECT_CUSTOM];
    } catch {
      custom = undefined;
    }
    if (typeof custom === "function" && custom !== inspect) {
      const options = {
        depth: ctx.depth - level, showHidden: ctx.showHidden, colors: false,
        customInspect: true, breakLength: BREAK_LENGTH, compact: COMPACT,
        stylize: (text) => text,
      };
      const result = custom.call(value, ctx.depth - level, options, inspect);
      if (result !== value) {
        if (typeof result === "string") return result;
        return formatValue(ctx, result, level);
      }
    }
  }
  const seenAt = ctx.seen.indexOf(value);
  if (seenAt !== -1) {
    let ref = ctx.circular.get(value);
    if (ref === undefined) {
      ref = ctx.circular.size + 1;
      ctx.circular.set(value, ref);
    }
    return `[Circular *${ref}]`;
  }
  const text = formatObject(ctx, value, level);
  const ref = ctx.circular.get(value);
  return ref === undefined ? text : `<ref *${ref}> ${text}`;
}

function formatObject(ctx, value, level) {
  const ctorName = constructorName(value);
  const tag = stringTag(ctx, value, ctorName);
  let base = "";
  let open = "{";
  let close = "}";
  let keys;
  let body = null;   // (ctx, level) => [entries, columnsInfo] for the contents
  let empty = true;  // whether there is nothing besides `keys` to show

  if (Array.isArray(value)) {
    const length = value.length;
    keys = propertyKeys(ctx, value, isIndex);
    const prefix = ctorName === "Array" && !tag ? "" : prefixFor(ctorName, tag, "Array", `(${length})`);
    open = `${prefix}[`;
    close = "]";
    empty = length === 0;
    body = () => arrayEntries(ctx, value, length, level);
    if (empty && keys.length === 0) return `${open}]`;
  } else if (typeof value === "function") {
    base = functionBase(value, ctorName, tag);
    keys = propertyKeys(ctx, value, null);
    if (keys.length === 0) return base;
  } else if (passes(typedArrayName, value) && typedArrayName.call(value) !== undefined) {
    const length = typedArrayLength.call(value);
    keys = propertyKeys(ctx, value, isIndex);
    open = `${prefixFor(ctorName, tag, typedArrayName.call(value), `(${length})`)}[`;
    close = "]";
    empty = length === 0;
    body = () => typedArrayEntries(ctx, value, length);
    if (empty && keys.length === 0) return `${open}]`;
  } else if (passes(mapSize, value)) {
    const size = mapSize.call(value);
    keys = propertyKeys(ctx, value, null);
    open = `${prefixFor(ctorName, tag, "Map", `(${size})`)}{`;
    empty = size === 0;
    body = () => {
      const entries = [];
      let shown = 0;
      ctx.indent += 2;
      for (const [k, v] of mapEntries.call(value)) {
        if (shown++ === MAX_ARRAY_ITEMS) break;
        entries.push(`${formatValue(ctx, k, level + 1)} => ${formatValue(ctx, v, level + 1)}`);
      }
      ctx.indent -= 2;
      if (size > MAX_ARRAY_ITEMS) entries.push(moreItems(size - MAX_ARRAY_ITEMS));
      return [entries, null];
    };
    if (empty && keys.length === 0) return `${open}}`;
  } else if (passes(setSize, value)) {
    const size = setSize.call(value);
    keys = propertyKeys(ctx, value, null);
    open = `${prefixFor(ctorName, tag, "Set", `(${size})`)}{`;
    empty = size === 0;
    body = () => {
      const entries = [];
      let shown = 0;
      ctx.indent += 2;
      for (const v of setValues.call(value)) {
        if (shown++ === MAX_ARRAY_ITEMS) break;
        entries.push(formatValue(ctx, v, level + 1));
      }
      ctx.indent -= 2;
      if (size > MAX_ARRAY_ITEMS) entries.push(moreItems(size - MAX_ARRAY_ITEMS));
      return [entries, null];
    };
    if (empty && keys.length === 0) return `${open}}`;
  } else if (passes(dateGetTime, value)) {
    const time = dateGetTime.call(value);
    base = Number.isNaN(time) ? "Invalid Date" : dateToISOString.call(value);
    if (ctorName !== "Date" || tag) base = `${prefixFor(ctorName, tag, "Date")}${base}`;
    keys = propertyKeys(ctx, value, null);
    if (keys.length === 0) return base;
  } else if (passes(regExpSource, value) && value !== RegExp.prototype) {
    base = regExpToString.call(value);
    keys = propertyKeys(ctx, value, null);
    if (keys.length === 0) return base;
  } else if (isError(value)) {
    base = errorBase(ctx, value, ctorName);
    keys = propertyKeys(ctx, value, null);
    if (!ctx.showHidden) {
      // name, message and stack are left out when the stack shows them already.
      keys = keys.filter((k) => {
        if (k !== "name" && k !== "message" && k !== "stack") return true;
        const desc = getOwnDesc(value, k);
        return !("value" in desc && base.includes(String(desc.value)));
      });
      for (const hidden of ["cause", "errors"]) {
        const desc = getOwnDesc(value, hidden);
        if (desc !== undefined && !desc.enumerable) keys.push(hidden);
      }
    }
    if (keys.length === 0) return base;
  } else if (passes(arrayBufferByteLength, value) ||
             passes(sharedArrayBufferByteLength, value)) {
    const shared = passes(sharedArrayBufferByteLength, value);
    const byteLength = (shared ? sharedArrayBufferByteLength : arrayBufferByteLength).call(value);
    keys = propertyKeys(ctx, value, null);
    open = `${prefixFor(ctorName, tag, shared ? "SharedArrayBuffer" : "ArrayBuffer")}{`;
    empty = false;
    body = () => {
      let contents;
      try {
        contents = formatBufferContents(new Uint8Array(value));
      } catch {
        contents = "(detached)";
      }
      return [[contents, `byteLength: ${byteLength}`], null];
    };
  } else if (passes(dataViewByteLength, value)) {
    keys = propertyKeys(ctx, value, null);
    open = `${prefixFor(ctorName, tag, "DataView")}{`;
    empty = false;
    body = () => {
      ctx.indent += 2;
      const buffer = formatValue(ctx, dataViewBuffer.call(value), level + 1);
      ctx.indent -= 2;
      return [[`byteLength: ${dataViewByteLength.call(value)}`,
        `byteOffset: ${dataViewByteOffset.call(value)}`, `buffer: ${buffer}`], null];
    };
  } else if (passes(weakMapHas, value, {}) || passes(weakSetHas, value, {})) {
    keys = propertyKeys(ctx, value, null);
    open = `${prefixFor(ctorName, tag, "Object")}{`;
    empty = false;
    body = () => [["<items unknown>"], null];
  } else {
    let boxed = null;
    for (const [name, valueOf] of BOXED) {
      if (passes(valueOf, value)) {
        boxed = [name, valueOf.call(value)];
        break;
      }
    }
    if (boxed !== null) {
      const [name, primitive] = boxed;
      base = `[${name}${ctorName === name ? "" : ` (${ctorName ?? "null prototype"})`}: ` +
          `${formatPrimitive(ctx, primitive)}]`;
      if (tag && tag !== name) base += ` [${tag}]`;
      keys = propertyKeys(ctx, value, name === "String" ? isIndex : null);
      if (name === "String") keys = keys.filter((k) => k !== "length");
      if (keys.length === 0) return base;
    } else {
      keys = propertyKeys(ctx, value, null);
      const prefix = ctorName === "Object" && !tag ? "" : prefixFor(ctorName, tag, "Object");
      open = `${prefix}{`;
      if (keys.length === 0) return `${open}}`;
    }
  }

  if (level > ctx.depth) {
    return `[${ctorName ?? "Object: null prototype"}]`;
  }

  ctx.seen.push(value);
  ctx.lastDepth = level;
  let entries = [];
  let columns = null;
  try {
    if (body !== null) {
      const [contentEntries, numeric, hidden] = body();
      entries = contentEntries;
      if (numeric) columns = [numeric, hidden];
    }
    for (const key of keys) {
      entries.push(formatProperty(ctx, value, key, level));
      if (columns !== null) columns[0].push(false);
    }
  } finally {
    ctx.seen.pop();
  }
  return assemble(ctx, level, base, open, close, entries, columns);
}

function makeContext(options) {
  let depth = 2;
  if (options && "depth" in options) {
    depth = options.depth === null ? Infinity : Number(options.depth);
    if (Number.isNaN(depth)) depth = 2;
  }
  return {
    depth,
    showHidden: Boolean(options && options.showHidden),
    customInspect: !(options && options.customInspect === false),
    seen: [],
    circular: new Map(),
    indent: 0,
    lastDepth: 0,
  };
}

// inspect(value, { depth = 2, showHidden = false, customInspect = true })
function inspect(value, options = undefined) {
  return formatValue(makeContext(options), value, 0);
}

// Node's %s: primitives and objects with their own toString as String() does,
// other objects (whose toString is a built-in one) inspected shallowly.
function isBuiltinToString(fn) {
  try {
    return fn.name === "toString" && /\{\s*\[native code\]\s*\}$/.test(fnToString.call(fn));
  } catch {
    return false;
  }
}
function formatAsString(arg) {
  if (typeof arg === "number") return formatNumber(arg);
  if (typeof arg === "bigint") return `${arg}n`;
  if (typeof arg === "symbol") return arg.toString();
  if (arg === null || typeof arg !== "object") return String(arg);
  let toString;
  try {
    toString = arg.toString;
  } catch {
    toString = undefined;
  }
  if (typeof toString === "function" && !isBuiltinToString(toString)) return String(arg);
  return inspect(arg, { depth: 0 });
}

// printf-style formatting as Node's util.format does it.
function format(args) {
  if (args.length === 0) return "";
  const first = args[0];
  let out = "";
  let next = 1;
  if (typeof first === "string") {
    if (args.length === 1) return first;
    let last = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 0x25) continue;  // '%'
      const spec = first[i + 1];
      if (spec === "%") {
        out += first.slice(last, i + 1);
        last = i + 2;
        i++;
        continue;
      }
      if (next >= args.length || !"sdifjoOc".includes(spec)) continue;
      const arg = args[next];
      let text;
      switch (spec) {
        case "s": text = formatAsString(arg); break;
        case "d":
          text = typeof arg === "bigint" ? `${arg}n`
              : typeof arg === "symbol" ? "NaN" : formatNumber(Number(arg));
          break;
        case "i":
          text = typeof arg === "bigint" ? `${arg}n`
              : typeof arg === "symbol" ? "NaN" : formatNumber(parseInt(arg));
          break;
        case "f": text = typeof arg === "symbol" ? "NaN" : formatNumber(parseFloat(arg)); break;
        case "j":
          try {
            text = `${jsonStringify(arg)}`;
          } catch (error) {
            if (error instanceof TypeError && /circular/i.test(error.message)) text = "[Circular]";
            else throw error;
          }
          break;
        case "o": text = inspect(arg, { showHidden: true, depth: 4 }); break;
        case "O": text = inspect(arg); break;
        case "c": text = ""; break;
      }
      out += first.slice(last, i) + text;
      last = i + 2;
      i++;
      next++;
    }
    out += first.slice(last);
  } else {
    out = inspect(first);
  }
  for (; next < args.length; next++) {
    const arg = args[next];
    out += ` ${typeof arg === "string" ? arg : inspect(arg)}`;
  }
  return out;
}

internal.inspect = inspect;
internal.inspectCustom = INSPECT_CUSTOM;
internal.format = (...args) => format(args);

// ===========================================================================
// console

let groupIndent = "";
const timers = new Map();
const counters = new Map();
const now = () => {
  const perf = globalThis.performance;
  return perf && typeof perf.now === "function" ? perf.now() : Date.now();
};

function emit(level, text) {
  if (groupIndent !== "") text = groupIndent + text.replace(/\n/g, `\n${groupIndent}`);
  native.print(level, text);
}

function formatDuration(ms) {
  if (ms >= 60000) {
    const minutes = Math.floor(ms / 60000);
    const seconds = ((ms % 60000) / 1000).toFixed(3).padStart(6, "0");
    return `${minutes}:${seconds} (m:ss.mmm)`;
  }
  if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

const labelOf = (label) => (label === undefined ? "default" : `${label}`);

function timeLabel(method, label, stop, data) {
  const name = labelOf(label);
  const start = timers.get(name);
  if (start === undefined) {
    emit("warn", `Warning: No such label '${name}' for console.${method}()`);
    return;
  }
  if (stop) timers.delete(name);
  let line = `${name}: ${formatDuration(now() - start)}`;
  if (data.length > 0) line += ` ${format(data)}`;
  emit("log", line);
}

// console.table: one row per entry of `data`, one column per key of the rows (or
// the `properties` asked for), a "Values" column for rows that are not objects.
function renderTable(data, properties) {
  const cell = (v) => inspect(v, { depth: 1 }).replace(/\n\s*/g, " ");
  const isMap = passes(mapSize, data);
  const isSet = passes(setSize, data);
  // Map values are shown whole, in the "Values" column.
  const expand = (row) => !isMap && row !== null &&
      (typeof row === "object" || typeof row === "function");
  let rows;  // [indexText, keyText or null, row value]
  if (isMap) {
    rows = [...mapEntries.call(data)].map(([k, v], i) => [String(i), cell(k), v]);
  } else if (isSet) {
    rows = [...setValues.call(data)].map((v, i) => [String(i), null, v]);
  } else {
    rows = Object.keys(data).map((k) => [k, null, data[k]]);
  }
  const columns = properties ? [...properties] : [];
  let hasValues = false;
  for (const [, , row] of rows) {
    if (expand(row)) {
      if (!properties) {
        for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
      }
    } else {
      hasValues = true;
    }
  }
  const header = [isMap || isSet ? "(iteration index)" : "(index)"];
  if (isMap) header.push("Key");
  header.push(...columns);
  if (hasValues) header.push("Values");
  const body = rows.map(([index, key, row]) => {
    const line = [index];
    if (isMap) line.push(key);
    const isObject = expand(row);
    for (const c of columns) line.push(isObject && hasOwn(row, c) ? cell(row[c]) : "");
    if (hasValues) line.push(isObject ? "" : cell(row));
    return line;
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)) + 2);
  const border = (l, m, r) => l + widths.map((w) => "─".repeat(w)).join(m) + r;
  const line = (cells) => `│${cells.map((c, i) => ` ${c.padEnd(widths[i] - 1)}`).join("│")}│`;
  return [border("┌", "┬", "┐"), line(header), border("├", "┼", "┤"),
    ...body.map(line), border("└", "┴", "┘")].join("\n");
}

const consoleMethods = {
  log(...data) { emit("log", format(data)); },
  info(...data) { emit("info", format(data)); },
  debug(...data) { emit("debug", format(data)); },
  warn(...data) { emit("warn", format(data)); },
  error(...data) { emit("error", format(data)); },
  trace(...data) {
    const stack = (new Error().stack ?? "").split("\n").slice(2).join("\n");
    const message = format(data);
    emit("log", `Trace${message ? `: ${message}` : ""}${stack ? `\n${stack}` : ""}`);
  },
  assert(condition = false, ...data) {
    if (condition) return;
    if (typeof data[0] === "string") data[0] = `Assertion failed: ${data[0]}`;
    else data.unshift("Assertion failed");
    emit("error", format(data));
  },
  dir(item = undefined, options = undefined) {
    emit("log", inspect(item, { ...(options ?? {}), customInspect: false }));
  },
  dirxml(...data) { emit("log", format(data)); },
  table(data = undefined, properties = undefined) {
    if (data === null || typeof data !== "object") {
      emit("log", format([data]));
      return;
    }
    const props = properties === undefined ? undefined : Array.from(properties, String);
    emit("log", renderTable(data, props));
  },
  time(label = undefined) {
    const name = labelOf(label);
    if (timers.has(name)) {
      emit("warn", `Warning: Label '${name}' already exists for console.time()`);
      return;
    }
    timers.set(name, now());
  },
  timeEnd(label = undefined) { timeLabel("timeEnd", label, true, []); },
  timeLog(label = undefined, ...data) { timeLabel("timeLog", label, false, data); },
  count(label = undefined) {
    const name = labelOf(label);
    const n = (counters.get(name) ?? 0) + 1;
    counters.set(name, n);
    emit("log", `${name}: ${n}`);
  },
  countReset(label = undefined) {
    const name = labelOf(label);
    if (!counters.has(name)) {
      emit("warn", `Count for '${name}' does not exist`);
      return;
    }
    counters.set(name, 0);
  },
  group(...label) {
    if (label.length > 0) emit("log", format(label));
    groupIndent += "  ";
  },
  groupCollapsed(...label) {
    if (label.length > 0) emit("log", format(label));
    groupIndent += "  ";
  },
  groupEnd() {
    groupIndent = groupIndent.slice(0, -2);
  },
  clear() {},
};

const console = {};
for (const [name, method] of Object.entries(consoleMethods)) {
  Object.defineProperty(console, name, {
    value: method, writable: true, enumerable: true, configurable: true,
  });
}
Object.defineProperty(console, Symbol.toStringTag, { value: "console", configurable: true });
internal.console = console;
internal.defineGlobal("console", console);

// ===========================================================================
// crypto

const INTEGER_ARRAYS = new Set([
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
  "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array",
]);
const CRYPTO_KEY = Symbol("Crypto");
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

class Crypto {
  #brand = true;

  constructor(key = undefined) {
    if (key !== CRYPTO_KEY) {
      throw new TypeError("Illegal constructor: use the global `crypto` object");
    }
  }

  getRandomValues(array) {
    Crypto.#check(this, "getRandomValues");
    if (arguments.length < 1) {
      throw new TypeError("crypto.getRandomValues: 1 argument required (an integer typed array)");
    }
    if (!ArrayBuffer.isView(array)) {
      throw new TypeError("crypto.getRandomValues: the argument must be an integer typed array " +
          "such as a Uint8Array");
    }
    const kind = typedArrayName.call(array);
    if (!INTEGER_ARRAYS.has(kind)) {
      throw new DOMException(
          `crypto.getRandomValues: the argument must be an integer typed array, not ` +
          `${kind ?? "a DataView"}`, "TypeMismatchError");
    }
    if (array.byteLength > 65536) {
      throw new DOMException(
          `crypto.getRandomValues: the array is ${array.byteLength} bytes long, more than the ` +
          "65536 allowed per call; fill it in chunks of at most 65536 bytes", "QuotaExceededError");
    }
    native.randomFill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return array;
  }

  randomUUID() {
    Crypto.#check(this, "randomUUID");
    const b = new Uint8Array(16);
    native.randomFill(b);
    b[6] = (b[6] & 0x0f) | 0x40;  // version 4
    b[8] = (b[8] & 0x3f) | 0x80;  // variant 10
    return `${HEX[b[0]]}${HEX[b[1]]}${HEX[b[2]]}${HEX[b[3]]}-${HEX[b[4]]}${HEX[b[5]]}-` +
        `${HEX[b[6]]}${HEX[b[7]]}-${HEX[b[8]]}${HEX[b[9]]}-` +
        `${HEX[b[10]]}${HEX[b[11]]}${HEX[b[12]]}${HEX[b[13]]}${HEX[b[14]]}${HEX[b[15]]}`;
  }

  static #check(self, what) {
    if (!(self !== null && typeof self === "object" && #brand in self)) {
      throw new TypeError(`Crypto.${what}: 'this' is not a Crypto object; call it as ` +
          `crypto.${what}(...)`);
    }
  }
}
for (const name of ["getRandomValues", "randomUUID"]) {
  Object.defineProperty(Crypto.prototype, name, { enumerable: true });
}
internal.setToStringTag(Crypto, "Crypto");
const crypto = new Crypto(CRYPTO_KEY);
internal.Crypto = Crypto;
internal.crypto = crypto;
internal.defineGlobal("Crypto", Crypto);
internal.defineGlobal("crypto", crypto);

// ===========================================================================
// structuredClone

// Platform objects (the classes of these files) keep their state in private fields, which
// V8's serializer does not see: it would turn them into empty plain objects. As HTML says,
// only serializable interfaces may be cloned: DOMException is one and, as in Workers, so is
// Headers; any other is a DataCloneError.
const domExceptionName = getOwnDesc(DOMException.prototype, "name").get;
const domExceptionMessage = getOwnDesc(DOMException.prototype, "message").get;

function cloneInterfaceObject(value, name) {
  if (name === "DOMException") {
    return new DOMException(domExceptionMessage.call(value), domExceptionName.call(value));
  }
  if (name === "Headers") return internal.cloneHeaders(value);  // header list and guard
  throw new DOMException(`#<${name}> could not be cloned.`, "DataCloneError");
}

// Walks what the serializer would visit (values of own enumerable data properties, Map and
// Set contents) and refuses a platform object found inside `value`. (Serializable ones are
// only cloned at the top level for now.)
function checkNoInterfaceObjects(value) {
  const seen = new Set();
  const pending = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (v === null || typeof v !== "object" && typeof v !== "function" || seen.has(v)) continue;
    seen.add(v);
    let name = null;
    let keys;
    let ordinary;
    try {
      // Plain objects and arrays, the common case, need no (exception-driven) brand checks.
      ordinary = getProto(v) === ObjectProto || Array.isArray(v);
      if (!ordinary) name = internal.interfaceOf(v);
      keys = Object.keys(v);
    } catch {
      continue;  // e.g. a revoked Proxy: the serializer reports it
    }
    if (v !== value) {
      if (name === "DOMException" || name === "Headers") {
        throw new DOMException(`structuredClone: a ${name} inside another value cannot be ` +
            "cloned yet; clone it on its own", "DataCloneError");
      }
      if (name !== null) {
        throw new DOMException(`#<${name}> could not be cloned.`, "DataCloneError");
      }
    }
    if (!ordinary) {
      if (ArrayBuffer.isView(v) || passes(arrayBufferByteLength, v) ||
          (sharedArrayBufferByteLength !== null && passes(sharedArrayBufferByteLength, v))) {
        continue;
      }
      if (passes(mapSize, v)) {
        for (const [key, item] of mapEntries.call(v)) pending.push(key, item);
      } else if (passes(setSize, v)) {
        for (const item of setValues.call(v)) pending.push(item);
      }
    }
    for (const key of keys) {
      let desc;
      try {
        desc = getOwnDesc(v, key);
      } catch {
        continue;
      }
      if (desc !== undefined && "value" in desc) pending.push(desc.value);
    }
  }
}

function structuredClone(value, options = undefined) {
  if (arguments.length < 1) {
    throw new TypeError("structuredClone: 1 argument required (the value to clone)");
  }
  if (options !== undefined && options !== null &&
      typeof options !== "object" && typeof options !== "function") {
    throw new TypeError("structuredClone: the options argument must be an object");
  }
  let transfer = [];
  const transferOption = options?.transfer;
  if (transferOption !== undefined) {
    if (transferOption === null || typeof transferOption !== "object" ||
        typeof transferOption[Symbol.iterator] !== "function") {
      throw new TypeError("structuredClone: options.transfer must be an array of objects");
    }
    transfer = Array.from(transferOption);
  }
  for (const [i, item] of transfer.entries()) {
    if (!passes(arrayBufferByteLength, item)) {
      throw new TypeError("structuredClone: options.transfer may only list ArrayBuffers");
    }
    if (transfer.indexOf(item) !== i) {
      throw new DOMException(
          "structuredClone: an ArrayBuffer appears twice in options.transfer", "DataCloneError");
    }
  }
  let name = null;
  if (value !== null && (typeof value === "object" || typeof value === "function")) {
    name = internal.interfaceOf(value);
    if (name === null) checkNoInterfaceObjects(value);
  }
  let clone;
  try {
    if (name !== null) {
      clone = cloneInterfaceObject(value, name);
      native.structuredClone(undefined, transfer);  // still detaches the transferred buffers
    } else {
      clone = native.structuredClone(value, transfer);  // detaches the transferred buffers
    }
  } catch (error) {
    if (error !== null && typeof error === "object" &&
        (error.name === "DataCloneError" ||
         (getProto(error) === Error.prototype && /clon/i.test(error.message)))) {
      throw new DOMException(String(error.message), "DataCloneError");
    }
    throw error;
  }
  return clone;
}
internal.defineGlobal("structuredClone", structuredClone);

// ===========================================================================
// Timers

// Web IDL `long` conversion, then negative delays become 0.
function toDelay(value) {
  const n = +value;
  if (!Number.isFinite(n)) return 0;
  const ms = Math.trunc(n) | 0;
  return ms < 0 ? 0 : ms;
}

function schedule(what, callback, delay, args, repeat) {
  if (typeof callback !== "function") {
    if (typeof callback === "string") {
      throw new TypeError(`${what}: a string of code cannot be scheduled (code generation ` +
          "from strings is disallowed); pass a function instead");
    }
    throw new TypeError(`${what}: the callback must be a function`);
  }
  const ms = toDelay(delay);
  const self = globalThis;
  return native.setTimer(() => Reflect.apply(callback, self, args), ms, repeat);
}

function setTimeout(callback, delay = 0, ...args) {
  return schedule("setTimeout", callback, delay, args, false);
}

function setInterval(callback, delay = 0, ...args) {
  return schedule("setInterval", callback, delay, args, true);
}

function clearTimer(id) {
  if (id === undefined || id === null) return;
  let n;
  try {
    n = +id;
  } catch {
    return;
  }
  if (Number.isInteger(n) && n > 0) native.clearTimer(n);
}

// As in Workers, the id argument is required (undefined is accepted and ignored).
function clearTimeout(id) {
  if (arguments.length < 1) throw new TypeError("clearTimeout: 1 argument required (a timer id)");
  clearTimer(id);
}
function clearInterval(id) {
  if (arguments.length < 1) throw new TypeError("clearInterval: 1 argument required (a timer id)");
  clearTimer(id);
}

internal.defineGlobal("setTimeout", setTimeout);
internal.defineGlobal("setInterval", setInterval);
internal.defineGlobal("clearTimeout", clearTimeout);
internal.defineGlobal("clearInterval", clearInterval);

// ===========================================================================
// queueMicrotask

const builtinQueueMicrotask =
    typeof globalThis.queueMicrotask === "function" ? globalThis.queueMicrotask : null;
const resolved = promiseResolve(undefined);

function queueMicrotask(callback) {
  if (typeof callback !== "function") {
    throw new TypeError("queueMicrotask: the callback must be a function");
  }
  if (builtinQueueMicrotask !== null) {
    builtinQueueMicrotask.call(undefined, callback);
    return;
  }
  Reflect.apply(promiseThen, resolved, [() => {
    try {
      Reflect.apply(callback, undefined, []);
    } catch (error) {
      if (typeof internal.reportError === "function") internal.reportError(error);
      else throw error;  // surfaces as an unhandled rejection
    }
  }]);
}
internal.defineGlobal("queueMicrotask", queueMicrotask);

// ===========================================================================
// self, navigator

internal.defineGlobal("self", globalThis);

const NAVIGATOR_KEY = Symbol("Navigator");
class Navigator {
  #brand = true;

  constructor(key = undefined) {
    if (key !== NAVIGATOR_KEY) {
      throw new TypeError("Illegal constructor: use the global `navigator` object");
    }
  }

  get userAgent() {
    if (!(this !== null && typeof this === "object" && #brand in this)) {
      throw new TypeError("Navigator.userAgent: 'this' is not a Navigator");
    }
    return "Cloudflare-Workers";  // as in Workers: libraries test for this exact value
  }
}
Object.defineProperty(Navigator.prototype, "userAgent", { enumerable: true });
internal.setToStringTag(Navigator, "Navigator");
internal.defineGlobal("Navigator", Navigator);
internal.defineGlobal("navigator", new Navigator(NAVIGATOR_KEY));
