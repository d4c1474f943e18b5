const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
const b64url = (u8) => btoa(String.fromCharCode(...u8)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

// RFC 7748 section 6.1: Alice's and Bob's keys and their shared secret K.
const ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const BOB_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const K = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
// RFC 8410's PKCS #8 prefix for an X25519 private key.
const PKCS8_PREFIX = "302e020100300506032b656e04220420";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const alice = await s.importKey("pkcs8", unhex(PKCS8_PREFIX + ALICE_PRIVATE), "X25519", true, ["deriveBits", "deriveKey"]);
    check("alice", () => [alice.type, alice.algorithm, alice.usages, alice.extractable]);
    const bobPublic = await s.importKey("raw", unhex(BOB_PUBLIC), { name: "X25519" }, true, []);
    check("bob public", () => [bobPublic.type, bobPublic.algorithm, bobPublic.usages]);
    log("K (Alice):", hex(await s.deriveBits({ name: "X25519", public: bobPublic }, alice, 256)));
    const bob = await s.importKey("jwk", { kty: "OKP", crv: "X25519", d: b64url(unhex(BOB_PRIVATE)), x: b64url(unhex(BOB_PUBLIC)) }, "X25519", false, ["deriveBits"]);
    const alicePublic = await s.importKey("spki", unhex("302a300506032b656e032100" + ALICE_PUBLIC), "X25519", true, []);
    log("K (Bob):", hex(await s.deriveBits({ name: "X25519", public: alicePublic }, bob, null)));
    log("first 100 bits:", hex(await s.deriveBits({ name: "X25519", public: bobPublic }, alice, 100)));
    // Alice's public key, from her private key.
    const jwk = await s.exportKey("jwk", alice);
    log("alice jwk:", JSON.stringify(jwk));
    log("x is Alice's public key:", hex(Uint8Array.from(atob(jwk.x.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0))) === ALICE_PUBLIC);
    log("alice pkcs8:", hex(await s.exportKey("pkcs8", alice)));
    log("alice public spki:", hex(await s.exportKey("spki", alicePublic)));
    log("bob public raw:", hex(await s.exportKey("raw", bobPublic)));
    log("bob public jwk:", JSON.stringify(await s.exportKey("jwk", bobPublic)));
    const fromJwk = await s.importKey("jwk", await s.exportKey("jwk", bobPublic), "X25519", true, []);
    log("jwk round trip:", hex(await s.exportKey("raw", fromJwk)) === BOB_PUBLIC);
    // deriveKey to AES, HMAC and HKDF.
    const aes = await s.deriveKey({ name: "X25519", public: bobPublic }, alice, { name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
    log("AES key:", show(aes.algorithm), hex(await s.exportKey("raw", aes)) === K);
    await acheck("HMAC SHA-1 (512-bit default)", async () => (await s.deriveKey({ name: "X25519", public: bobPublic }, alice, { name: "HMAC", hash: "SHA-1" }, true, ["sign"])).algorithm);
    const hmac2 = await s.deriveKey({ name: "X25519", public: bobPublic }, alice, { name: "HMAC", hash: "SHA-256", length: 128 }, true, ["verify"]);
    log("HMAC 128:", show(hmac2.algorithm), hex(await s.exportKey("raw", hmac2)));
    const hkdf = await s.deriveKey({ name: "X25519", public: bobPublic }, alice, { name: "HKDF" }, false, ["deriveKey"]);
    check("HKDF", () => [hkdf.algorithm, hkdf.usages]);
    // A fresh pair.
    const pair = await s.generateKey({ name: "X25519" }, false, ["deriveKey", "deriveBits"]);
    check("fresh pair", () => [pair.privateKey.algorithm, pair.privateKey.usages, pair.privateKey.extractable,
      pair.publicKey.usages, pair.publicKey.extractable]);
    const one = new Uint8Array(await s.deriveBits({ name: "X25519", public: bobPublic }, pair.privateKey, 256));
    const other = new Uint8Array(await s.deriveBits({ name: "X25519", public: pair.publicKey }, bob, 256));
    log("fresh pair agrees with Bob:", one.every((x, i) => x === other[i]));
    return done();
  },
};
