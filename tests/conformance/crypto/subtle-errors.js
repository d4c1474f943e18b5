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
    check("same object", () => crypto.subtle === s);
    check("new SubtleCrypto", () => new SubtleCrypto());
    check("new CryptoKey", () => new CryptoKey());
    check("returns promise", () => s.digest("MD5", bytes("x")) instanceof Promise);
    await acheck("digest md5", () => s.digest("MD5", bytes("x")));
    await acheck("digest string data", () => s.digest("SHA-256", "abc"));
    await acheck("digest one arg", () => s.digest("SHA-256"));
    await acheck("digest detached this", () => s.digest.call({}, "SHA-256", bytes("x")));
    const key = await s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    await acheck("sign without usage", () => s.sign("HMAC", key, bytes("x")));
    await acheck("export not extractable", () => s.exportKey("raw", key));
    await acheck("sign not a key", () => s.sign("HMAC", {}, bytes("x")));
    await acheck("import no hash", () => s.importKey("raw", bytes("k"), { name: "HMAC" }, false, ["sign"]));
    await acheck("import bad hash", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-3" }, false, ["sign"]));
    await acheck("import empty usages", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, []));
    await acheck("import encrypt usage", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["encrypt"]));
    await acheck("import bogus usage", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["fly"]));
    await acheck("import bogus format", () => s.importKey("pem", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));
    await acheck("import empty key", () => s.importKey("raw", new Uint8Array(0), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));
    await acheck("import length mismatch", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256", length: 16 }, false, ["sign"]));
    await acheck("generate zero length", () => s.generateKey({ name: "HMAC", hash: "SHA-256", length: 0 }, false, ["sign"]));
    await acheck("generate no usages", () => s.generateKey({ name: "HMAC", hash: "SHA-256" }, false, []));
    return done();
  },
};
