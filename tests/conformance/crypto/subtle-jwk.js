const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = crypto.subtle;
    // RFC 7515 appendix A.1: the HS256 JWS example key.
    const jwk = { kty: "oct", k: "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow" };
    const hs = await s.importKey("jwk", jwk, { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
    check("hmac algorithm", () => hs.algorithm);
    const input = bytes("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ");
    const sig = new Uint8Array(await s.sign("HMAC", hs, input));
    log("jws signature:", btoa(String.fromCharCode(...sig)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
    const out = await s.exportKey("jwk", hs);
    check("export keys", () => Object.keys(out));
    check("export", () => out);
    const aes = await s.importKey("raw", new Uint8Array(32).fill(7), "AES-GCM", true, ["encrypt"]);
    log("aes jwk:", JSON.stringify(await s.exportKey("jwk", aes)));
    const cbc = await s.importKey("jwk", { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODw", alg: "A128CBC", ext: true, key_ops: ["encrypt", "decrypt"] },
        "AES-CBC", true, ["decrypt"]);
    check("cbc import", () => [cbc.algorithm, cbc.usages]);
    log("cbc raw:", hex(await s.exportKey("raw", cbc)));
    const sha1 = await s.generateKey({ name: "HMAC", hash: "SHA-1", length: 64 }, true, ["sign"]);
    log("hs1 alg:", (await s.exportKey("jwk", sha1)).alg);
    const bad = (label, key, alg, ext = true, usages = ["sign"]) =>
        acheck(label, () => s.importKey("jwk", key, alg, ext, usages));
    const hmac = { name: "HMAC", hash: "SHA-256" };
    await bad("wrong kty", { kty: "RSA", k: "AAAA" }, hmac);
    await bad("no k", { kty: "oct" }, hmac);
    await bad("bad base64url", { kty: "oct", k: "a+b/" }, hmac);
    await bad("wrong alg", { kty: "oct", k: "AAAA", alg: "HS512" }, hmac);
    await bad("wrong use", { kty: "oct", k: "AAAA", use: "enc" }, hmac);
    await bad("key_ops missing", { kty: "oct", k: "AAAA", key_ops: ["verify"] }, hmac);
    await bad("ext false", { kty: "oct", k: "AAAA", ext: false }, hmac);
    await bad("ext false not extractable", { kty: "oct", k: "AAAA", ext: false }, hmac, false);
    await bad("aes wrong alg", { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODw", alg: "A256GCM" }, "AES-GCM", true, ["encrypt"]);
    await bad("aes bad length", { kty: "oct", k: "AAAA" }, "AES-GCM", true, ["encrypt"]);
    await bad("not an object", "AAAA", hmac);
    await bad("pbkdf2 jwk", { kty: "oct", k: "AAAA" }, "PBKDF2", false, ["deriveBits"]);
    await acheck("spki", () => s.exportKey("spki", hs));
    return done();
  },
};
