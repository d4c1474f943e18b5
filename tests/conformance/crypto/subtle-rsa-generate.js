const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const f4 = new Uint8Array([1, 0, 1]);
    // A small key, and only one: generation must stay well within shoal's CPU limit.
    const rsassa = await s.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 512, publicExponent: f4, hash: "SHA-256" }, true, ["sign", "verify"]);
    check("RSASSA pair", () => [rsassa.privateKey.type, rsassa.privateKey.algorithm, rsassa.privateKey.usages, rsassa.privateKey.extractable,
      rsassa.publicKey.type, rsassa.publicKey.usages, rsassa.publicKey.extractable]);
    log("exponent is a Uint8Array:", rsassa.publicKey.algorithm.publicExponent instanceof Uint8Array,
      rsassa.publicKey.algorithm.publicExponent !== f4, rsassa.publicKey.algorithm === rsassa.publicKey.algorithm);
    const sig = await s.sign("RSASSA-PKCS1-v1_5", rsassa.privateKey, bytes("m"));
    log("signature bytes:", sig.byteLength);
    await acheck("verify", () => s.verify("RSASSA-PKCS1-v1_5", rsassa.publicKey, sig, bytes("m")));
    const jwk = await s.exportKey("jwk", rsassa.privateKey);
    log("jwk:", JSON.stringify(Object.keys(jwk)), jwk.alg, jwk.e);
    const spki = await s.exportKey("spki", rsassa.publicKey);
    const again = await s.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
    await acheck("spki round trip verifies", () => s.verify("RSASSA-PKCS1-v1_5", again, sig, bytes("m")));
    await acheck("jwk round trip signs", async () => (await s.sign("RSASSA-PKCS1-v1_5", await s.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]), bytes("m"))).byteLength);
    // SHA-512 needs more room than a 512-bit key has.
    const small = await s.importKey("jwk", { ...jwk, alg: undefined }, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" }, false, ["sign"]);
    await acheck("SHA-512 with 512 bits", () => s.sign("RSASSA-PKCS1-v1_5", small, bytes("m")));
    // RSA-OAEP keys from the generated pair's encodings.
    const oaepPrivate = await s.importKey("pkcs8", await s.exportKey("pkcs8", rsassa.privateKey), { name: "RSA-OAEP", hash: "SHA-1" }, false, ["decrypt"]);
    const oaepPublic = await s.importKey("spki", spki, { name: "RSA-OAEP", hash: "SHA-1" }, true, ["encrypt"]);
    check("RSA-OAEP keys", () => [oaepPrivate.algorithm, oaepPrivate.usages, oaepPublic.usages]);
    await acheck("RSA-OAEP round trip", async () => new TextDecoder().decode(await s.decrypt("RSA-OAEP", oaepPrivate, await s.encrypt("RSA-OAEP", oaepPublic, bytes("22 bytes of plaintext!")))));
    await acheck("RSA-OAEP 23 bytes", () => s.encrypt("RSA-OAEP", oaepPublic, new Uint8Array(23)));
    return done();
  },
};
