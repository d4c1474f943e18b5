const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    // RFC 4231 test case 2.
    const key = await crypto.subtle.importKey("raw", bytes("Jefe"),
        { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
    check("type", () => key.type);
    check("extractable", () => key.extractable);
    check("algorithm", () => key.algorithm);
    check("usages", () => key.usages);
    check("same algorithm object", () => key.algorithm === key.algorithm);
    const data = bytes("what do ya want for nothing?");
    const sig = await crypto.subtle.sign("HMAC", key, data);
    check("sha256", () => hex(sig));
    await acheck("verify good", () => crypto.subtle.verify("HMAC", key, sig, data));
    const bad = new Uint8Array(sig);
    bad[0] ^= 1;
    await acheck("verify flipped", () => crypto.subtle.verify({ name: "HMAC" }, key, bad, data));
    await acheck("verify short", () => crypto.subtle.verify("HMAC", key, bad.slice(1), data));
    await acheck("export", async () => hex(await crypto.subtle.exportKey("raw", key)));
    for (const hash of ["SHA-1", "SHA-384", "SHA-512"]) {
      const k = await crypto.subtle.importKey("raw", bytes("Jefe"), { name: "hmac", hash: { name: hash } },
          false, ["sign"]);
      check(hash, () => k.algorithm.hash.name);
      log(hash + " sig:", hex(await crypto.subtle.sign("HMAC", k, data)));
    }
    const g = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-512" }, true, ["sign"]);
    check("generated length", () => g.algorithm.length);
    log("generated export bytes:", (await crypto.subtle.exportKey("raw", g)).byteLength);
    const g2 = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256", length: 128 }, false, ["verify", "verify"]);
    check("explicit length", () => g2.algorithm.length);
    check("dedup usages", () => g2.usages);
    const g3 = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-1" }, true, ["sign"]);
    const g4 = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-1" }, true, ["sign"]);
    log("keys differ:", hex(await crypto.subtle.exportKey("raw", g3)) !== hex(await crypto.subtle.exportKey("raw", g4)));
    // The data is copied at the call: a later write does not change the signature.
    const mutable = bytes("abc");
    const pending = crypto.subtle.sign("HMAC", key, mutable);
    mutable[0] = 0;
    log("copied:", hex(await pending) === hex(await crypto.subtle.sign("HMAC", key, bytes("abc"))));
    return done();
  },
};
