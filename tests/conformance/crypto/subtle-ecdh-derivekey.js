const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));

// RFC 7748 section 6.1's Alice and Bob: their shared secret K is known.
const ALICE_PKCS8 = "302e020100300506032b656e0422042077076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const alice = await s.importKey("pkcs8", unhex(ALICE_PKCS8), "X25519", false, ["deriveKey", "deriveBits"]);
    const bob = await s.importKey("raw", unhex(BOB_PUBLIC), "X25519", false, []);
    const params = { name: "X25519", public: bob };
    const K = hex(await s.deriveBits(params, alice, null));
    log("K:", K);
    // Each derived key is the first bits of K.
    for (const [type, usages] of [
      [{ name: "AES-GCM", length: 128 }, ["encrypt"]],
      [{ name: "AES-CBC", length: 192 }, ["decrypt"]],
      [{ name: "AES-CTR", length: 256 }, ["encrypt", "decrypt"]],
      [{ name: "AES-KW", length: 128 }, ["wrapKey"]],
      [{ name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"]],
      [{ name: "HMAC", hash: "SHA-512", length: 160 }, ["verify"]],
      [{ name: "hmac", hash: { name: "sha-1" }, length: 64 }, ["sign"]],
    ]) {
      const key = await s.deriveKey(params, alice, type, true, usages);
      const raw = hex(await s.exportKey("raw", key));
      log(`${type.name} ${type.length}:`, show(key.algorithm), show(key.usages), raw, K.startsWith(raw));
    }
    // A derivation key takes all of K, and is never extractable.
    const hkdf = await s.deriveKey(params, alice, "HKDF", false, ["deriveBits"]);
    log("HKDF then 256 bits:", hex(await s.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(8), info: new Uint8Array(0) }, hkdf, 256)));
    const pbkdf2 = await s.deriveKey(params, alice, { name: "PBKDF2" }, false, ["deriveKey"]);
    check("PBKDF2 key", () => [pbkdf2.algorithm, pbkdf2.usages, pbkdf2.extractable]);
    await acheck("HKDF extractable", () => s.deriveKey(params, alice, "HKDF", true, ["deriveBits"]));
    // A key from it, used: HMAC over "abc" with the first 256 bits of K.
    const mac = await s.deriveKey(params, alice, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
    const direct = await s.importKey("raw", unhex(K), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const abc = new TextEncoder().encode("abc");
    log("HMAC with the derived key is HMAC with K:", hex(await s.sign("HMAC", mac, abc)) === hex(await s.sign("HMAC", direct, abc)));
    // Errors.
    await acheck("AES length missing", () => s.deriveKey(params, alice, { name: "AES-GCM" }, true, ["encrypt"]));
    await acheck("AES length 100", () => s.deriveKey(params, alice, { name: "AES-GCM", length: 100 }, true, ["encrypt"]));
    await acheck("HMAC SHA-384 default (1024 bits)", () => s.deriveKey(params, alice, { name: "HMAC", hash: "SHA-384" }, true, ["sign"]));
    await acheck("HMAC 264 bits", () => s.deriveKey(params, alice, { name: "HMAC", hash: "SHA-256", length: 264 }, true, ["sign"]));
    await acheck("to Ed25519", () => s.deriveKey(params, alice, "Ed25519", true, ["sign"]));
    await acheck("to ECDSA", () => s.deriveKey(params, alice, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]));
    await acheck("AES with a sign usage", () => s.deriveKey(params, alice, { name: "AES-GCM", length: 128 }, true, ["sign"]));
    await acheck("deriveBits with only deriveKey", async () => s.deriveBits(params, await s.importKey("pkcs8", unhex(ALICE_PKCS8), "X25519", false, ["deriveKey"]), 128));
    return done();
  },
};
