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

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (s) => new TextEncoder().encode(s);
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
const text = (buf) => new TextDecoder().decode(buf);

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = crypto.subtle;
    // NIST GCM test case 2 (AES-128, zero key and iv, one zero block).
    const zero = await s.importKey("raw", new Uint8Array(16), "AES-GCM", true, ["encrypt", "decrypt"]);
    check("gcm key", () => [zero.type, zero.algorithm, zero.usages, zero.extractable]);
    log("gcm tc2:", hex(await s.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, zero, new Uint8Array(16))));
    log("gcm empty:", hex(await s.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, zero, new Uint8Array(0))));
    const key = await s.importKey("raw", unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
        { name: "aes-gcm" }, false, ["decrypt", "encrypt"]);
    check("256 algorithm", () => key.algorithm);
    const iv = unhex("cafebabefacedbaddecaf888");
    const params = { name: "AES-GCM", iv, additionalData: bytes("header"), tagLength: 96 };
    const sealed = await s.encrypt(params, key, bytes("attack at dawn"));
    log("gcm aad tag96:", hex(sealed), new Uint8Array(sealed).length);
    log("gcm open:", text(await s.decrypt(params, key, sealed)));
    const tampered = new Uint8Array(sealed);
    tampered[3] ^= 0x80;
    await acheck("gcm tampered", () => s.decrypt(params, key, tampered));
    await acheck("gcm wrong aad", () => s.decrypt({ ...params, additionalData: bytes("other") }, key, sealed));
    await acheck("gcm too short", () => s.decrypt(params, key, new Uint8Array(4)));
    await acheck("gcm bad tag length", () => s.encrypt({ ...params, tagLength: 100 }, key, bytes("x")));
    await acheck("gcm no iv", () => s.encrypt({ name: "AES-GCM" }, key, bytes("x")));
    // NIST SP 800-38A F.2.1 (AES-128-CBC), first block; WebCrypto adds PKCS #7 padding.
    const cbc = await s.importKey("raw", unhex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CBC", true, ["encrypt", "decrypt"]);
    const cbcIv = unhex("000102030405060708090a0b0c0d0e0f");
    const c = await s.encrypt({ name: "AES-CBC", iv: cbcIv }, cbc, unhex("6bc1bee22e409f96e93d7e117393172a"));
    log("cbc:", hex(c));
    log("cbc open:", hex(await s.decrypt({ name: "AES-CBC", iv: cbcIv }, cbc, c)));
    await acheck("cbc bad iv", () => s.encrypt({ name: "AES-CBC", iv: new Uint8Array(8) }, cbc, bytes("x")));
    await acheck("cbc bad padding", () => s.decrypt({ name: "AES-CBC", iv: cbcIv }, cbc, c.slice(0, 16)));
    await acheck("cbc not a block", () => s.decrypt({ name: "AES-CBC", iv: cbcIv }, cbc, new Uint8Array(15)));
    await acheck("gcm key for cbc", () => s.encrypt({ name: "AES-CBC", iv: cbcIv }, key, bytes("x")));
    await acheck("import 20 bytes", () => s.importKey("raw", new Uint8Array(20), "AES-GCM", false, ["encrypt"]));
    await acheck("aes sign usage", () => s.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["sign"]));
    await acheck("generate 100", () => s.generateKey({ name: "AES-GCM", length: 100 }, false, ["encrypt"]));
    const g = await s.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
    check("generated", () => [g.algorithm, g.usages]);
    log("generated bytes:", (await s.exportKey("raw", g)).byteLength);
    const roundTrip = await s.decrypt({ name: "AES-GCM", iv }, g, await s.encrypt({ name: "AES-GCM", iv }, g, bytes("round trip")));
    log("generated round trip:", text(roundTrip));
    // PBKDF2 -> AES-GCM, the usual way to encrypt with a password.
    const pw = await s.importKey("raw", bytes("hunter2"), "PBKDF2", false, ["deriveKey"]);
    const derived = await s.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: bytes("salt"), iterations: 1000 },
        pw, { name: "AES-GCM", length: 128 }, true, ["encrypt"]);
    check("derived", () => [derived.algorithm, derived.usages]);
    log("derived raw:", hex(await s.exportKey("raw", derived)));
    return done();
  },
};
