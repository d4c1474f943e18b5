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

const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = crypto.subtle;
    const params = { name: "PBKDF2", hash: "SHA-256", salt: bytes("s"), iterations: 1 };
    await acheck("extractable pbkdf2", () => s.importKey("raw", bytes("p"), "PBKDF2", true, ["deriveBits"]));
    await acheck("pbkdf2 sign usage", () => s.importKey("raw", bytes("p"), "PBKDF2", false, ["sign"]));
    const pw = await s.importKey("raw", bytes("p"), "PBKDF2", false, ["deriveKey"]);
    await acheck("deriveBits without usage", () => s.deriveBits(params, pw, 256));
    const bitsKey = await s.importKey("raw", bytes("p"), "PBKDF2", false, ["deriveBits"]);
    await acheck("length not multiple of 8", () => s.deriveBits(params, bitsKey, 12));
    await acheck("length null", () => s.deriveBits(params, bitsKey, null));
    await acheck("zero iterations", () => s.deriveBits({ ...params, iterations: 0 }, bitsKey, 256));
    await acheck("no salt", () => s.deriveBits({ name: "PBKDF2", hash: "SHA-256", iterations: 1 }, bitsKey, 256));
    await acheck("wrong algorithm for key", () => s.deriveBits({ name: "HKDF", hash: "SHA-256", salt: bytes(""), info: bytes("") }, bitsKey, 256));
    await acheck("too many iterations", () => s.deriveBits({ ...params, iterations: 100001 }, bitsKey, 256));
    const hmac = await s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    await acheck("deriveBits with HMAC key", () => s.deriveBits(params, hmac, 256));
    await acheck("sign with PBKDF2 key", () => s.sign("HMAC", bitsKey, bytes("x")));
    const ikm = await s.importKey("raw", bytes("k"), "HKDF", false, ["deriveBits"]);
    await acheck("hkdf too long", () => s.deriveBits({ name: "HKDF", hash: "SHA-256", salt: bytes(""), info: bytes("") }, ikm, 255 * 256 + 8));
    await acheck("hkdf no info", () => s.deriveBits({ name: "HKDF", hash: "SHA-256", salt: bytes("") }, ikm, 256));
    return done();
  },
};
