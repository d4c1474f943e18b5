const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (s) => new TextEncoder().encode(s);

// RFC 7515 appendix A.3's P-256 key.
const JWK = {
  kty: "EC", crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
  d: "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const alg = { name: "ECDSA", namedCurve: "P-256" };
    const es256 = { name: "ECDSA", hash: "SHA-256" };
    const data = bytes("shoal");
    const { d, ...jwkPub } = JWK;
    const priv = await s.importKey("jwk", JWK, alg, true, ["sign"]);
    const pub = await s.importKey("jwk", jwkPub, alg, true, ["verify"]);
    const pkcs8 = await s.exportKey("pkcs8", priv);
    const spki = await s.exportKey("spki", pub);
    const raw = await s.exportKey("raw", pub);
    // A JWK with the optional members an ES256 key may carry.
    const dressed = { ...jwkPub, alg: "ES256", use: "sig", key_ops: ["verify"], ext: true, kid: "k1" };
    await acheck("jwk with alg, use, key_ops, ext", async () => (await s.importKey("jwk", dressed, alg, false, ["verify"])).extractable);
    // A compressed point is taken and exported uncompressed.
    const point = new Uint8Array(raw);
    const compressed = new Uint8Array([2 + (point[64] & 1), ...point.slice(1, 33)]);
    await acheck("compressed raw point", async () => hex(await s.exportKey("raw", await s.importKey("raw", compressed, alg, true, []))) === hex(raw));
    // A non-extractable key still works but cannot leave.
    const locked = await s.importKey("pkcs8", pkcs8, alg, false, ["sign"]);
    await acheck("non-extractable signs", async () => (await s.sign(es256, locked, data)).byteLength);
    await acheck("non-extractable export", () => s.exportKey("jwk", locked));
    // Public keys may have no usages at all.
    await acheck("spki with no usages", async () => (await s.importKey("spki", spki, alg, true, [])).usages);
    // The key data is copied when importKey is called.
    const mutable = new Uint8Array(raw).slice();
    const pending = s.importKey("raw", mutable, alg, true, ["verify"]);
    mutable[1] ^= 1;
    await acheck("raw copied at the call", async () => hex(await s.exportKey("raw", await pending)) === hex(raw));
    await acheck("spki from a DataView", async () => (await s.importKey("spki", new DataView(spki), alg, true, ["verify"])).type);
    return done();
  },
};
