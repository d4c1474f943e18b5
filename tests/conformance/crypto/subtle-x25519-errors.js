const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const pair = await s.generateKey("X25519", true, ["deriveBits"]);
    const other = await s.generateKey("X25519", true, ["deriveBits"]);
    // A public key of small order (here zero) shares no secret with anyone.
    const zero = await s.importKey("raw", new Uint8Array(32), "X25519", true, []);
    await acheck("small-order public key", () => s.deriveBits({ name: "X25519", public: zero }, pair.privateKey, 256));
    const one = await s.importKey("raw", unhex("01" + "00".repeat(31)), "X25519", true, []);
    await acheck("public key 1", () => s.deriveBits({ name: "X25519", public: one }, pair.privateKey, 256));
    await acheck("264 bits", () => s.deriveBits({ name: "X25519", public: other.publicKey }, pair.privateKey, 264));
    await acheck("raw of 31 bytes", () => s.importKey("raw", new Uint8Array(31), "X25519", true, []));
    await acheck("public key with a usage", () => s.importKey("raw", new Uint8Array(32), "X25519", true, ["deriveBits"]));
    await acheck("spki with a usage", async () => s.importKey("spki", await s.exportKey("spki", pair.publicKey), "X25519", true, ["deriveKey"]));
    await acheck("private key to sign", async () => s.importKey("pkcs8", await s.exportKey("pkcs8", pair.privateKey), "X25519", true, ["sign"]));
    await acheck("generate to sign", () => s.generateKey("X25519", true, ["sign"]));
    await acheck("generate with no usages", () => s.generateKey("X25519", true, []));
    await acheck("raw private export", () => s.exportKey("raw", pair.privateKey));
    await acheck("pkcs8 of the public key", () => s.exportKey("pkcs8", pair.publicKey));
    const jwk = await s.exportKey("jwk", pair.privateKey);
    await acheck("jwk crv Ed25519", () => s.importKey("jwk", { ...jwk, crv: "Ed25519" }, "X25519", true, ["deriveBits"]));
    await acheck("jwk without crv", () => s.importKey("jwk", { kty: "OKP", x: jwk.x }, "X25519", true, []));
    await acheck("jwk kty EC", () => s.importKey("jwk", { ...jwk, kty: "EC" }, "X25519", true, ["deriveBits"]));
    await acheck("jwk without x", () => s.importKey("jwk", { kty: "OKP", crv: "X25519" }, "X25519", true, []));
    await acheck("jwk x of 31 bytes", () => s.importKey("jwk", { kty: "OKP", crv: "X25519", x: jwk.x.slice(0, 41) }, "X25519", true, []));
    const otherJwk = await s.exportKey("jwk", other.publicKey);
    await acheck("jwk x of another key", () => s.importKey("jwk", { ...jwk, x: otherJwk.x }, "X25519", true, ["deriveBits"]));
    await acheck("jwk use sig", () => s.importKey("jwk", { ...jwk, use: "sig" }, "X25519", true, ["deriveBits"]));
    await acheck("Ed25519 spki as X25519", () => s.importKey("spki", unhex("302a300506032b6570032100" + "11".repeat(32)), "X25519", true, []));
    await acheck("X25519 spki as Ed25519", async () => s.importKey("spki", await s.exportKey("spki", pair.publicKey), "Ed25519", true, ["verify"]));
    await acheck("public member an ECDH key", async () => s.deriveBits({ name: "X25519", public: (await s.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])).publicKey }, pair.privateKey, 256));
    await acheck("as ECDH", () => s.deriveBits({ name: "ECDH", public: other.publicKey }, pair.privateKey, 256));
    await acheck("private member", () => s.deriveBits({ name: "X25519", public: other.privateKey }, pair.privateKey, 256));
    return done();
  },
};
