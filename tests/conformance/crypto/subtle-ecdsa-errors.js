const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const bytes = (s) => new TextEncoder().encode(s);

// RFC 7515 appendix A.3's P-256 key, and a P-384 public key.
const JWK = {
  kty: "EC", crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
  d: "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
};
const SPKI_384 = "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEtozg6GcVr4e22nCLkx7PVTWEgCJYoSARpjeDFWM6E+yCTA8dq8zsCJbkB3GI+7riWXYotL6hYh0fgUiMk/rkT1udyTkrUG8U6DDqMDZSUtGAo+Y/HzFEV4I4r+z3DUgO";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const p256 = { name: "ECDSA", namedCurve: "P-256" };
    const { d, ...pubJwk } = JWK;
    const priv = await s.importKey("jwk", JWK, p256, true, ["sign"]);
    const pub = await s.importKey("jwk", pubJwk, p256, true, ["verify"]);
    const data = bytes("x");
    // Usages.
    await acheck("public key to sign", () => s.importKey("jwk", pubJwk, p256, true, ["sign"]));
    await acheck("private key to verify", () => s.importKey("jwk", JWK, p256, true, ["verify"]));
    await acheck("private key, no usages", () => s.importKey("jwk", JWK, p256, true, []));
    await acheck("spki to derive", () => s.importKey("spki", unb64(SPKI_384), { name: "ECDSA", namedCurve: "P-384" }, true, ["deriveBits"]));
    await acheck("generate to encrypt", () => s.generateKey(p256, true, ["sign", "encrypt"]));
    await acheck("generate with verify only", () => s.generateKey(p256, true, ["verify"]));
    await acheck("sign with the public key", () => s.sign({ name: "ECDSA", hash: "SHA-256" }, pub, data));
    await acheck("verify with the private key", () => s.verify({ name: "ECDSA", hash: "SHA-256" }, priv, new Uint8Array(64), data));
    // Curves.
    await acheck("P-384 spki as P-256", () => s.importKey("spki", unb64(SPKI_384), p256, true, ["verify"]));
    await acheck("P-256 jwk as P-384", () => s.importKey("jwk", pubJwk, { name: "ECDSA", namedCurve: "P-384" }, true, ["verify"]));
    await acheck("unknown curve", () => s.generateKey({ name: "ECDSA", namedCurve: "secp256k1" }, true, ["sign"]));
    await acheck("no curve", () => s.importKey("jwk", pubJwk, "ECDSA", true, ["verify"]));
    await acheck("lower-case curve", async () => (await s.generateKey({ name: "ECDSA", namedCurve: "p-256" }, true, ["sign"])).publicKey.algorithm);
    // Bad key data.
    await acheck("raw point off the curve", () => s.importKey("raw", new Uint8Array([4, ...new Uint8Array(64).fill(1)]), p256, true, ["verify"]));
    await acheck("raw of the wrong length", () => s.importKey("raw", new Uint8Array(33), p256, true, ["verify"]));
    await acheck("spki with a byte after it", () => s.importKey("spki", new Uint8Array([...unb64(SPKI_384), 0]), { name: "ECDSA", namedCurve: "P-384" }, true, ["verify"]));
    await acheck("spki as pkcs8", () => s.importKey("pkcs8", unb64(SPKI_384), { name: "ECDSA", namedCurve: "P-384" }, true, ["sign"]));
    await acheck("raw private export", () => s.exportKey("raw", priv));
    await acheck("spki of a private key", () => s.exportKey("spki", priv));
    await acheck("pkcs8 of a public key", () => s.exportKey("pkcs8", pub));
    await acheck("jwk without y", () => s.importKey("jwk", { kty: "EC", crv: "P-256", x: JWK.x }, p256, true, ["verify"]));
    await acheck("jwk kty OKP", () => s.importKey("jwk", { ...pubJwk, kty: "OKP" }, p256, true, ["verify"]));
    await acheck("jwk alg ES384", () => s.importKey("jwk", { ...pubJwk, alg: "ES384" }, p256, true, ["verify"]));
    await acheck("jwk alg RS256", () => s.importKey("jwk", { ...pubJwk, alg: "RS256" }, p256, true, ["verify"]));
    await acheck("jwk use enc", () => s.importKey("jwk", { ...pubJwk, use: "enc" }, p256, true, ["verify"]));
    await acheck("jwk key_ops without verify", () => s.importKey("jwk", { ...pubJwk, key_ops: ["sign"] }, p256, true, ["verify"]));
    await acheck("jwk ext false, extractable", () => s.importKey("jwk", { ...pubJwk, ext: false }, p256, true, ["verify"]));
    await acheck("jwk d of another key", () => s.importKey("jwk", { ...JWK, d: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE" }, p256, true, ["sign"]));
    await acheck("jwk x not base64url", () => s.importKey("jwk", { ...pubJwk, x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVE!" }, p256, true, ["verify"]));
    await acheck("pem format", () => s.importKey("pem", new Uint8Array(8), p256, true, ["verify"]));
    await acheck("string key data", () => s.importKey("raw", "x", p256, true, ["verify"]));
    // Calls.
    await acheck("sign without hash", () => s.sign({ name: "ECDSA" }, priv, data));
    await acheck("sign as HMAC", () => s.sign({ name: "HMAC" }, priv, data));
    await acheck("deriveBits with an ECDSA key", () => s.deriveBits({ name: "ECDH", public: pub }, priv, 128));
    await acheck("encrypt with an ECDSA key", () => s.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, pub, data));
    await acheck("verify a short signature", () => s.verify({ name: "ECDSA", hash: "SHA-256" }, pub, new Uint8Array(63), data));
    await acheck("verify zeros", () => s.verify({ name: "ECDSA", hash: "SHA-256" }, pub, new Uint8Array(64), data));
    return done();
  },
};
