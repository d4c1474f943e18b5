const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    // RFC 3394 section 4.1 (128-bit KEK, 128-bit key) and 4.6 (256-bit KEK, 256-bit key).
    const kek128 = await s.importKey("raw", unhex("000102030405060708090a0b0c0d0e0f"), "AES-KW", true, ["wrapKey", "unwrapKey"]);
    check("KEK", () => [kek128.type, kek128.algorithm, kek128.usages]);
    const key128 = await s.importKey("raw", unhex("00112233445566778899aabbccddeeff"), "AES-GCM", true, ["encrypt"]);
    const wrapped128 = await s.wrapKey("raw", key128, kek128, "AES-KW");
    log("4.1:", hex(wrapped128));
    const kek256 = await s.importKey("raw", unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), { name: "AES-KW" }, false, ["wrapKey", "unwrapKey"]);
    const key256 = await s.importKey("raw", unhex("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f"), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
    log("4.6:", hex(await s.wrapKey("raw", key256, kek256, { name: "AES-KW" })));
    const back = await s.unwrapKey("raw", unhex("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21"), kek256, "AES-KW", "AES-CBC", true, ["decrypt"]);
    check("unwrapped 4.6", () => [back.algorithm, back.usages]);
    log("unwrapped bytes:", hex(await s.exportKey("raw", back)));
    const tampered = new Uint8Array(wrapped128);
    tampered[0] ^= 1;
    await acheck("tampered", () => s.unwrapKey("raw", tampered, kek128, "AES-KW", "AES-GCM", true, ["encrypt"]));
    await acheck("wrong KEK", () => s.unwrapKey("raw", wrapped128, kek256, "AES-KW", "AES-GCM", true, ["encrypt"]));
    await acheck("16 bytes to unwrap", () => s.unwrapKey("raw", new Uint8Array(16), kek128, "AES-KW", "AES-GCM", true, ["encrypt"]));
    await acheck("25 bytes to unwrap", () => s.unwrapKey("raw", new Uint8Array(25), kek128, "AES-KW", "AES-GCM", true, ["encrypt"]));
    // Only multiples of 8 bytes, of 16 or more, can be wrapped.
    const hmac20 = await s.importKey("raw", new Uint8Array(20), { name: "HMAC", hash: "SHA-1" }, true, ["sign"]);
    await acheck("wrap 20 bytes", () => s.wrapKey("raw", hmac20, kek128, "AES-KW"));
    const hmac8 = await s.importKey("raw", new Uint8Array(8), { name: "HMAC", hash: "SHA-1" }, true, ["sign"]);
    await acheck("wrap 8 bytes", () => s.wrapKey("raw", hmac8, kek128, "AES-KW"));
    // A JWK is wrapped as its JSON text, when that is a multiple of 8 bytes long.
    const jwkKey = await s.importKey("raw", new Uint8Array(16), "AES-CTR", true, ["encrypt"]);
    const json = JSON.stringify(await s.exportKey("jwk", jwkKey));
    log("jwk text bytes:", json.length);
    await acheck("wrap jwk", async () => (await s.wrapKey("jwk", jwkKey, kek128, "AES-KW")).byteLength);
    const evenKey = await s.importKey("raw", new Uint8Array(32), "AES-GCM", true, ["encrypt"]);
    const evenJson = JSON.stringify(await s.exportKey("jwk", evenKey));
    log("even jwk text bytes:", evenJson.length);
    await acheck("wrap and unwrap a jwk of 112 bytes", async () => {
      const w = await s.wrapKey("jwk", evenKey, kek128, "AES-KW");
      const k = await s.unwrapKey("jwk", w, kek128, "AES-KW", "AES-GCM", true, ["encrypt"]);
      return [w.byteLength, k.algorithm, k.usages];
    });
    // AES-KW keys: generate, JWK, usages.
    const generated = await s.generateKey({ name: "AES-KW", length: 192 }, true, ["wrapKey"]);
    check("generated", () => [generated.algorithm, generated.usages, generated.extractable]);
    log("jwk:", JSON.stringify({ ...(await s.exportKey("jwk", kek128)) }));
    log("jwk 192 alg:", (await s.exportKey("jwk", generated)).alg);
    await acheck("imported as a jwk", async () => (await s.importKey("jwk", { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODw", alg: "A128KW" }, "AES-KW", true, ["unwrapKey"])).algorithm);
    await acheck("jwk alg A256KW for 128 bits", () => s.importKey("jwk", { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODw", alg: "A256KW" }, "AES-KW", true, ["unwrapKey"]));
    await acheck("usage encrypt", () => s.importKey("raw", new Uint8Array(16), "AES-KW", true, ["encrypt"]));
    await acheck("generate to decrypt", () => s.generateKey({ name: "AES-KW", length: 128 }, true, ["decrypt"]));
    await acheck("length 512", () => s.generateKey({ name: "AES-KW", length: 512 }, true, ["wrapKey"]));
    await acheck("raw of 20 bytes", () => s.importKey("raw", new Uint8Array(20), "AES-KW", true, ["wrapKey"]));
    await acheck("wrap with a GCM key as AES-KW", () => s.wrapKey("raw", key128, evenKey, "AES-KW"));
    const unwrapOnly = await s.importKey("raw", new Uint8Array(16), "AES-KW", true, ["unwrapKey"]);
    await acheck("wrap without the usage", () => s.wrapKey("raw", key128, unwrapOnly, "AES-KW"));
    // An ECDH secret makes an AES-KW key too.
    const a = await s.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveKey"]);
    const kw = await s.deriveKey({ name: "ECDH", public: a.publicKey }, a.privateKey, { name: "AES-KW", length: 128 }, false, ["wrapKey", "unwrapKey"]);
    await acheck("derived KEK round trip", async () => {
      const w = await s.wrapKey("raw", key128, kw, "AES-KW");
      return hex(await s.exportKey("raw", await s.unwrapKey("raw", w, kw, "AES-KW", "AES-GCM", true, ["encrypt"])));
    });
    return done();
  },
};
