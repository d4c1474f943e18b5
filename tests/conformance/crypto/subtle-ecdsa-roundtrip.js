const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const data = bytes("sign me");
    for (const [curve, hash] of [["P-256", "SHA-256"], ["P-384", "SHA-384"], ["P-521", "SHA-512"], ["P-256", "SHA-1"]]) {
      const pair = await s.generateKey({ name: "ECDSA", namedCurve: curve }, false, ["sign", "verify"]);
      check(`${curve} pair`, () => [pair.privateKey.type, pair.privateKey.algorithm, pair.privateKey.usages,
        pair.privateKey.extractable, pair.publicKey.type, pair.publicKey.usages, pair.publicKey.extractable]);
      const alg = { name: "ECDSA", hash };
      const sig = await s.sign(alg, pair.privateKey, data);
      log(`${curve} ${hash} signature bytes:`, sig.byteLength);
      await acheck(`${curve} ${hash} verify`, () => s.verify(alg, pair.publicKey, sig, data));
      await acheck(`${curve} ${hash} verify other data`, () => s.verify(alg, pair.publicKey, sig, bytes("sign mE")));
      const other = await s.sign(alg, pair.privateKey, data);
      await acheck(`${curve} ${hash} second signature verifies`, () => s.verify(alg, pair.publicKey, other, data));
      await acheck(`${curve} ${hash} export private`, () => s.exportKey("pkcs8", pair.privateKey));
      const raw = await s.exportKey("raw", pair.publicKey);
      log(`${curve} raw bytes:`, raw.byteLength, new Uint8Array(raw)[0]);
      const again = await s.importKey("raw", raw, { name: "ECDSA", namedCurve: curve }, false, ["verify"]);
      await acheck(`${curve} ${hash} verify with raw re-import`, () => s.verify(alg, again, sig, data));
    }
    // The data is read when sign is called: later changes do not matter.
    const pair = await s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const mutable = bytes("abc");
    const pending = s.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, mutable);
    mutable[0] = 0x78;
    const sig = await pending;
    await acheck("signed the bytes at the call", () => s.verify({ name: "ECDSA", hash: "SHA-256" }, pair.publicKey, sig, bytes("abc")));
    await acheck("hash by object", async () => (await s.sign({ name: "ecdsa", hash: { name: "sha-384" } }, pair.privateKey, data)).byteLength);
    await acheck("DataView data", async () => (await s.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, new DataView(data.buffer))).byteLength);
    return done();
  },
};
