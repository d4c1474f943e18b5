const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const f4 = new Uint8Array([1, 0, 1]);
    // Small keys, and only three: generation must stay well within shoal's CPU limit.
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
    const small = await s.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" }, false, ["sign"]);
    await acheck("SHA-512 with 512 bits", () => s.sign("RSASSA-PKCS1-v1_5", small, bytes("m")));
    const pss = await s.generateKey({ name: "RSA-PSS", modulusLength: 512, publicExponent: new Uint8Array([3]), hash: "SHA-1" }, false, ["sign", "verify"]);
    check("RSA-PSS pair", () => [pss.privateKey.algorithm, pss.privateKey.usages, pss.publicKey.usages]);
    const psig = await s.sign({ name: "RSA-PSS", saltLength: 20 }, pss.privateKey, bytes("m"));
    await acheck("RSA-PSS verify", () => s.verify({ name: "RSA-PSS", saltLength: 20 }, pss.publicKey, psig, bytes("m")));
    const oaep = await s.generateKey({ name: "RSA-OAEP", modulusLength: 512, publicExponent: new Uint8Array([0, 1, 0, 1]), hash: "SHA-1" }, true, ["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
    check("RSA-OAEP pair", () => [oaep.privateKey.algorithm, oaep.privateKey.usages, oaep.publicKey.usages]);
    await acheck("RSA-OAEP round trip", async () => new TextDecoder().decode(await s.decrypt("RSA-OAEP", oaep.privateKey, await s.encrypt("RSA-OAEP", oaep.publicKey, bytes("22 bytes of plaintext!")))));
    await acheck("RSA-OAEP 23 bytes", () => s.encrypt("RSA-OAEP", oaep.publicKey, new Uint8Array(23)));
    // Errors.
    const gen = (params, usages = ["sign", "verify"]) => s.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 512, publicExponent: f4, hash: "SHA-256", ...params }, true, usages);
    await acheck("modulusLength 1000", () => gen({ modulusLength: 1000 }));
    await acheck("modulusLength 1032", () => gen({ modulusLength: 1032 }));
    await acheck("modulusLength 16392", () => gen({ modulusLength: 16392 }));
    await acheck("modulusLength 0", () => gen({ modulusLength: 0 }));
    await acheck("modulusLength missing", () => gen({ modulusLength: undefined }));
    await acheck("publicExponent 5", () => gen({ publicExponent: new Uint8Array([5]) }));
    await acheck("publicExponent 2^32 + 1", () => gen({ publicExponent: new Uint8Array([1, 0, 0, 0, 1]) }));
    await acheck("publicExponent an array", () => gen({ publicExponent: [1, 0, 1] }));
    await acheck("publicExponent missing", () => gen({ publicExponent: undefined }));
    await acheck("hash missing", () => gen({ hash: undefined }));
    await acheck("hash SHA-3", () => gen({ hash: "SHA3-256" }));
    await acheck("usage encrypt", () => gen({}, ["sign", "encrypt"]));
    await acheck("usage verify only", () => gen({}, ["verify"]));
    await acheck("RSA-OAEP to sign", () => s.generateKey({ name: "RSA-OAEP", modulusLength: 512, publicExponent: f4, hash: "SHA-1" }, true, ["sign"]));
    await acheck("string algorithm", () => s.generateKey("RSA-PSS", true, ["sign"]));
    return done();
  },
};
