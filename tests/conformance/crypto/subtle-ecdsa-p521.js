const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const bytes = (s) => new TextEncoder().encode(s);

// RFC 7515 appendix A.4's P-521 key: its coordinates and scalar are 66 bytes.
const JWK = {
  kty: "EC", crv: "P-521",
  x: "AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
  y: "ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2",
  d: "AY5pb7A0UFiB3RELSD64fTLOSV_jazdF7fLYyuTw8lOfRhWg6Y6rUrPAxerEzgdRhajnu0ferB0d53vM9mE15j2C",
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const alg = { name: "ECDSA", namedCurve: "P-521" };
    const es512 = { name: "ECDSA", hash: "SHA-512" };
    const priv = await s.importKey("jwk", { ...JWK, alg: "ES512" }, alg, true, ["sign"]);
    const { d, ...pubJwk } = JWK;
    const pub = await s.importKey("jwk", pubJwk, alg, true, ["verify"]);
    log("member bytes:", unb64(JWK.x).length, unb64(JWK.y).length, unb64(JWK.d).length);
    const pkcs8 = await s.exportKey("pkcs8", priv);
    log("pkcs8:", hex(pkcs8));
    const spki = await s.exportKey("spki", pub);
    log("spki:", hex(spki));
    log("jwk:", JSON.stringify(await s.exportKey("jwk", priv)) === JSON.stringify({ kty: "EC", key_ops: ["sign"], ext: true, ...JWK }));
    const sig = await s.sign(es512, priv, bytes("Payload"));
    log("signature bytes:", sig.byteLength);
    await acheck("verify", () => s.verify(es512, pub, sig, bytes("Payload")));
    const again = await s.importKey("pkcs8", pkcs8, alg, false, ["sign"]);
    const fromSpki = await s.importKey("spki", spki, alg, false, ["verify"]);
    await acheck("pkcs8 signs, spki verifies", async () => s.verify({ name: "ECDSA", hash: "SHA-256" }, fromSpki, await s.sign({ name: "ECDSA", hash: "SHA-256" }, again, bytes("m")), bytes("m")));
    await acheck("jwk alg ES256", () => s.importKey("jwk", { ...pubJwk, alg: "ES256" }, alg, true, ["verify"]));
    await acheck("x of 65 bytes", () => s.importKey("jwk", { ...pubJwk, x: JWK.x.slice(2) }, alg, true, ["verify"]));
    await acheck("as P-384", () => s.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-384" }, true, ["verify"]));
    await acheck("raw of 132 bytes", async () => s.importKey("raw", new Uint8Array(await s.exportKey("raw", pub)).slice(1), alg, true, []));
    return done();
  },
};
