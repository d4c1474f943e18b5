const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const kek = await s.importKey("raw", new Uint8Array(32).fill(9), "AES-GCM", false, ["wrapKey", "unwrapKey"]);
    const gcm = { name: "AES-GCM", iv: new Uint8Array(12) };
    const data = bytes("wrapped signer");
    // An ECDSA private key, wrapped as PKCS #8 and as JWK, unwrapped as non-extractable keys.
    const ec = await s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const es256 = { name: "ECDSA", hash: "SHA-256" };
    for (const format of ["pkcs8", "jwk"]) {
      const wrapped = await s.wrapKey(format, ec.privateKey, kek, gcm);
      const key = await s.unwrapKey(format, wrapped, kek, gcm, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
      check(`ECDSA ${format}`, () => [key.type, key.algorithm, key.usages, key.extractable]);
      await acheck(`ECDSA ${format} signs`, async () => s.verify(es256, ec.publicKey, await s.sign(es256, key, data), data));
      await acheck(`ECDSA ${format} export`, () => s.exportKey(format, key));
    }
    // The public key, as raw and SPKI.
    for (const format of ["raw", "spki"]) {
      const wrapped = await s.wrapKey(format, ec.publicKey, kek, gcm);
      const key = await s.unwrapKey(format, wrapped, kek, gcm, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
      await acheck(`ECDSA public ${format}`, async () => hex(await s.exportKey("raw", key)) === hex(await s.exportKey("raw", ec.publicKey)));
    }
    // An X25519 private key as PKCS #8 (48 bytes) under AES-KW.
    const x = await s.generateKey("X25519", true, ["deriveBits"]);
    const kw = await s.importKey("raw", new Uint8Array(16).fill(3), "AES-KW", false, ["wrapKey", "unwrapKey"]);
    const xPkcs8 = await s.wrapKey("pkcs8", x.privateKey, kw, "AES-KW");
    log("X25519 pkcs8 under AES-KW bytes:", xPkcs8.byteLength);
    const xKey = await s.unwrapKey("pkcs8", xPkcs8, kw, "AES-KW", "X25519", false, ["deriveBits"]);
    const other = await s.generateKey("X25519", false, ["deriveBits"]);
    const one = hex(await s.deriveBits({ name: "X25519", public: other.publicKey }, xKey, 256));
    const two = hex(await s.deriveBits({ name: "X25519", public: other.publicKey }, x.privateKey, 256));
    log("unwrapped X25519 derives the same:", one === two);
    // Unwrapping checks what comes out as importKey would.
    const wrappedPkcs8 = await s.wrapKey("pkcs8", ec.privateKey, kek, gcm);
    await acheck("P-256 pkcs8 unwrapped as P-384", () => s.unwrapKey("pkcs8", wrappedPkcs8, kek, gcm, { name: "ECDSA", namedCurve: "P-384" }, false, ["sign"]));
    await acheck("P-256 pkcs8 unwrapped as X25519", () => s.unwrapKey("pkcs8", wrappedPkcs8, kek, gcm, "X25519", false, ["deriveBits"]));
    await acheck("pkcs8 unwrapped to verify", () => s.unwrapKey("pkcs8", wrappedPkcs8, kek, gcm, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]));
    await acheck("pkcs8 unwrapped as spki", () => s.unwrapKey("spki", wrappedPkcs8, kek, gcm, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]));
    const wrappedJwk = await s.wrapKey("jwk", ec.privateKey, kek, gcm);
    await acheck("jwk unwrapped as ECDH", async () => (await s.unwrapKey("jwk", wrappedJwk, kek, gcm, { name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"])).algorithm);
    await acheck("wrap a non-extractable private key", async () => s.wrapKey("pkcs8", (await s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign"])).privateKey, kek, gcm));
    await acheck("wrap a public key as pkcs8", () => s.wrapKey("pkcs8", ec.publicKey, kek, gcm));
    return done();
  },
};
