const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (s) => new TextEncoder().encode(s);
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = crypto.subtle;
    // RFC 6070 (PBKDF2-HMAC-SHA1).
    const pw = await s.importKey("raw", bytes("password"), "PBKDF2", false, ["deriveBits", "deriveKey"]);
    check("pbkdf2 key", () => [pw.type, pw.extractable, pw.algorithm, pw.usages]);
    for (const iterations of [1, 2, 4096]) {
      log("sha1 " + iterations + ":", hex(await s.deriveBits(
          { name: "PBKDF2", hash: "SHA-1", salt: bytes("salt"), iterations }, pw, 160)));
    }
    log("sha256 c=1000:", hex(await s.deriveBits(
        { name: "PBKDF2", hash: "SHA-256", salt: bytes("salt"), iterations: 1000 }, pw, 256)));
    // RFC 5869 test case 1 (HKDF-SHA256).
    const ikm = await s.importKey("raw", unhex("0b".repeat(22)), { name: "HKDF" }, false, ["deriveBits"]);
    log("hkdf:", hex(await s.deriveBits({ name: "HKDF", hash: "SHA-256",
        salt: unhex("000102030405060708090a0b0c"), info: unhex("f0f1f2f3f4f5f6f7f8f9") }, ikm, 336)));
    log("hkdf empty salt/info:", hex(await s.deriveBits({ name: "HKDF", hash: "SHA-256",
        salt: new Uint8Array(0), info: new Uint8Array(0) }, ikm, 256)));
    // deriveKey to an HMAC key, then use it.
    const k = await s.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: bytes("salt"), iterations: 10 },
        pw, { name: "HMAC", hash: "SHA-256", length: 256 }, true, ["sign"]);
    check("derived", () => [k.algorithm, k.usages, k.extractable]);
    log("derived raw:", hex(await s.exportKey("raw", k)));
    log("derived sig:", hex(await s.sign("HMAC", k, bytes("hi"))));
    const d = await s.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: bytes("salt"), iterations: 10 },
        pw, { name: "HMAC", hash: "SHA-512" }, true, ["verify"]);
    check("default length", () => d.algorithm.length);
    return done();
  },
};
