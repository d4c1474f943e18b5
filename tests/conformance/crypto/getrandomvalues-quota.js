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

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("65536 bytes ok", () => crypto.getRandomValues(new Uint8Array(65536)).length);
    check("65537 bytes", () => crypto.getRandomValues(new Uint8Array(65537)));
    check("16384 Uint32 ok", () => crypto.getRandomValues(new Uint32Array(16384)).length);
    check("16385 Uint32", () => crypto.getRandomValues(new Uint32Array(16385)));
    check("8193 BigUint64", () => crypto.getRandomValues(new BigUint64Array(8193)));
    check("big subarray ok", () => crypto.getRandomValues(new Uint8Array(100000).subarray(0, 65536)).length);
    return done();
  },
};
