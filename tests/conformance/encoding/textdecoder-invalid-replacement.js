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
    const d = new TextDecoder();
    const cases = {
      "lone continuation": [0x80],
      "invalid byte ff": [0x61, 0xff, 0x62],
      "overlong 2-byte": [0xc0, 0xaf],
      "overlong 3-byte": [0xe0, 0x80, 0xaf],
      "surrogate encoded": [0xed, 0xa0, 0x80],
      "truncated 3-byte": [0xe2, 0x82],
      "truncated then ascii": [0xe2, 0x82, 0x41],
      "above max": [0xf4, 0x90, 0x80, 0x80],
      "f5 byte": [0xf5],
      "truncated 4-byte": [0xf0, 0x9f, 0x98],
    };
    for (const [k, v] of Object.entries(cases)) {
      check(k, () => [...d.decode(new Uint8Array(v))].map((c) => c.codePointAt(0).toString(16)));
    }
    return done();
  },
};
