// The helpers every case that calls harness() shares: record-expected and shoal's runners
// insert this file after the case's leading `//` lines (see README.md).
function show(v) {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  switch (typeof v) {
    case "string": return JSON.stringify(v);
    case "number": return Object.is(v, -0) ? "-0" : String(v);
    case "bigint": return v + "n";
    case "boolean": return String(v);
    case "symbol": return v.toString();
    case "function": return "[function " + v.name + "]";
  }
  if (Array.isArray(v)) return "[" + v.map(show).join(",") + "]";
  if (v instanceof ArrayBuffer) return "ArrayBuffer[" + new Uint8Array(v).join(",") + "]";
  if (v instanceof DataView) return "DataView[" + new Uint8Array(v.buffer, v.byteOffset, v.byteLength).join(",") + "]";
  if (ArrayBuffer.isView(v)) return v.constructor.name + "[" + Array.from(v, String).join(",") + "]";
  if (v instanceof Map) return "Map{" + [...v].map(([k, x]) => show(k) + "=>" + show(x)).join(",") + "}";
  if (v instanceof Set) return "Set{" + [...v].map(show).join(",") + "}";
  if (v instanceof Date) return "Date(" + (isNaN(v) ? "Invalid" : v.toISOString()) + ")";
  if (v instanceof RegExp) return String(v);
  if (v instanceof Error) return v.name + ": " + v.message;
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    return "{" + Object.keys(v).map((k) => JSON.stringify(k) + ":" + show(v[k])).join(",") + "}";
  }
  return "[object " + (v.constructor ? v.constructor.name : "?") + "]";
}

function harness() {
  const lines = [];
  const log = (...a) => { lines.push(a.map((x) => (typeof x === "string" ? x : show(x))).join(" ")); };
  const check = (label, fn) => {
    try { log(label + ":", show(fn())); } catch (e) { log(label + ": threw", String(e && e.name)); }
  };
  const checkMsg = (label, fn) => {
    try { log(label + ":", show(fn())); } catch (e) { log(label + ": threw", e.name + ": " + e.message); }
  };
  const acheck = async (label, fn) => {
    try { log(label + ":", show(await fn())); } catch (e) { log(label + ": threw", String(e && e.name)); }
  };
  const done = (init) => new Response(lines.join("\n") + "\n", init);
  return { log, check, checkMsg, acheck, done };
}
