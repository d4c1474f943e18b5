const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = crypto.subtle;
    check("same object", () => crypto.subtle === s);
    check("new SubtleCrypto", () => new SubtleCrypto());
    check("new CryptoKey", () => new CryptoKey());
    check("returns promise", () => s.digest("MD5", bytes("x")) instanceof Promise);
    await acheck("digest md5", () => s.digest("MD5", bytes("x")));
    await acheck("digest string data", () => s.digest("SHA-256", "abc"));
    await acheck("digest one arg", () => s.digest("SHA-256"));
    await acheck("digest detached this", () => s.digest.call({}, "SHA-256", bytes("x")));
    const key = await s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    await acheck("sign without usage", () => s.sign("HMAC", key, bytes("x")));
    await acheck("export not extractable", () => s.exportKey("raw", key));
    await acheck("sign not a key", () => s.sign("HMAC", {}, bytes("x")));
    await acheck("import no hash", () => s.importKey("raw", bytes("k"), { name: "HMAC" }, false, ["sign"]));
    await acheck("import bad hash", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-3" }, false, ["sign"]));
    await acheck("import empty usages", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, []));
    await acheck("import encrypt usage", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["encrypt"]));
    await acheck("import bogus usage", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["fly"]));
    await acheck("import bogus format", () => s.importKey("pem", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));
    await acheck("import empty key", () => s.importKey("raw", new Uint8Array(0), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));
    await acheck("import length mismatch", () => s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256", length: 16 }, false, ["sign"]));
    await acheck("generate zero length", () => s.generateKey({ name: "HMAC", hash: "SHA-256", length: 0 }, false, ["sign"]));
    await acheck("generate no usages", () => s.generateKey({ name: "HMAC", hash: "SHA-256" }, false, []));
    return done();
  },
};
