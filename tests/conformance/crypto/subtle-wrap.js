const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = crypto.subtle;
    const kek = await s.importKey("raw", new Uint8Array(32).fill(1), "AES-GCM", false, ["wrapKey", "unwrapKey"]);
    const gcm = { name: "AES-GCM", iv: new Uint8Array(12).fill(2) };
    const hmac = await s.importKey("raw", bytes("secret-hmac-key"), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
    const wrapped = await s.wrapKey("raw", hmac, kek, gcm);
    log("raw wrapped:", hex(wrapped));
    const back = await s.unwrapKey("raw", wrapped, kek, gcm, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    check("raw unwrapped", () => [back.algorithm, back.extractable, back.usages]);
    log("same signature:", hex(await s.sign("HMAC", back, bytes("m"))) === hex(await s.sign("HMAC", hmac, bytes("m"))));
    const aes = await s.importKey("raw", new Uint8Array(16).fill(9), "AES-CBC", true, ["encrypt", "decrypt"]);
    const jwkWrapped = await s.wrapKey("jwk", aes, kek, gcm);
    log("jwk wrapped bytes:", jwkWrapped.byteLength);
    const plain = await s.decrypt(gcm, await s.importKey("raw", new Uint8Array(32).fill(1), "AES-GCM", false, ["decrypt"]), jwkWrapped);
    log("jwk text:", new TextDecoder().decode(plain));
    const aesBack = await s.unwrapKey("jwk", jwkWrapped, kek, gcm, "AES-CBC", true, ["decrypt"]);
    check("jwk unwrapped", () => [aesBack.algorithm, aesBack.usages]);
    log("jwk raw:", hex(await s.exportKey("raw", aesBack)));
    const cbcKek = await s.importKey("raw", new Uint8Array(16).fill(3), "AES-CBC", false, ["wrapKey"]);
    log("cbc wrapped:", hex(await s.wrapKey("raw", hmac, cbcKek, { name: "AES-CBC", iv: new Uint8Array(16) })));
    const noWrap = await s.importKey("raw", new Uint8Array(32).fill(1), "AES-GCM", false, ["encrypt"]);
    await acheck("kek without wrapKey", () => s.wrapKey("raw", hmac, noWrap, gcm));
    await acheck("wrap not extractable", () => s.wrapKey("raw", back, kek, gcm));
    const tampered = new Uint8Array(wrapped);
    tampered[0] ^= 1;
    await acheck("unwrap tampered", () => s.unwrapKey("raw", tampered, kek, gcm, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));
    await acheck("unwrap raw as jwk", () => s.unwrapKey("jwk", wrapped, kek, gcm, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));
    return done();
  },
};
