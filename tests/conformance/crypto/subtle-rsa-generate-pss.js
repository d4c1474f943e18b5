const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const f4 = new Uint8Array([1, 0, 1]);
    // A small key, and only one: generation must stay well within shoal's CPU limit.
    const pss = await s.generateKey({ name: "RSA-PSS", modulusLength: 512, publicExponent: new Uint8Array([3]), hash: "SHA-1" }, false, ["sign", "verify"]);
    check("RSA-PSS pair", () => [pss.privateKey.algorithm, pss.privateKey.usages, pss.publicKey.usages]);
    const psig = await s.sign({ name: "RSA-PSS", saltLength: 20 }, pss.privateKey, bytes("m"));
    await acheck("RSA-PSS verify", () => s.verify({ name: "RSA-PSS", saltLength: 20 }, pss.publicKey, psig, bytes("m")));
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
