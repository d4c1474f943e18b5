// How key pairs split and order the usages asked for, and what each half may do.
export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const usagesOf = (pair) => [pair.privateKey.usages, pair.publicKey.usages];
    log("ECDSA:", show(usagesOf(await s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["verify", "sign", "verify"]))));
    log("ECDH:", show(usagesOf(await s.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits", "deriveKey"]))));
    log("X25519:", show(usagesOf(await s.generateKey("X25519", true, ["deriveBits"]))));
    // A worker cannot add a usage to a key (its usages array is the same each time).
    const pair = await s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    log("same usages array:", pair.privateKey.usages === pair.privateKey.usages);
    try { pair.publicKey.usages.push("sign"); } catch (e) { /* frozen in shoal */ }
    await acheck("public key still cannot sign", () => s.sign({ name: "ECDSA", hash: "SHA-256" }, pair.publicKey, new Uint8Array(1)));
    log("pair:", Object.keys(pair).join(), Object.getPrototypeOf(pair) === Object.prototype);
    check("key shape", () => [pair.privateKey instanceof CryptoKey, pair.privateKey.algorithm === pair.privateKey.algorithm]);
    // Usages that no half of the pair takes.
    await acheck("ECDSA encrypt", () => s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "encrypt"]));
    await acheck("ECDSA unknown usage", () => s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "fly"]));
    await acheck("ECDH verify", () => s.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits", "verify"]));
    await acheck("X25519 wrapKey", () => s.generateKey("X25519", true, ["deriveBits", "wrapKey"]));
    await acheck("usages not a list", () => s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, "sign"));
    // The private key's extractable flag is the call's; the public key's is always true.
    const locked = await s.generateKey("X25519", false, ["deriveKey"]);
    check("extractable", () => [locked.privateKey.extractable, locked.publicKey.extractable]);
    await acheck("public key of a locked pair exports", async () => (await s.exportKey("raw", locked.publicKey)).byteLength);
    return done();
  },
};
