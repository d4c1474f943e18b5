// The JWK members every key pair's import checks: kty, use, key_ops, ext, and the private key.
export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const p256 = { name: "ECDSA", namedCurve: "P-256" };
    const dh = { name: "ECDH", namedCurve: "P-256" };
    const ec = await s.generateKey(p256, true, ["sign", "verify"]);
    const priv = await s.exportKey("jwk", ec.privateKey);
    const pub = await s.exportKey("jwk", ec.publicKey);
    const strip = ({ key_ops, ext, ...rest }) => rest;
    const good = async (label, jwk, alg, usages, extractable = true) =>
      acheck(label, async () => { const k = await s.importKey("jwk", jwk, alg, extractable, usages); return [k.type, k.usages, k.extractable]; });
    await good("exported private key", priv, p256, ["sign"]);
    await good("exported public key", pub, p256, ["verify"]);
    await good("bare private key", strip(priv), p256, ["sign"]);
    await good("use sig", { ...strip(priv), use: "sig" }, p256, ["sign"]);
    await acheck("use enc", () => s.importKey("jwk", { ...strip(priv), use: "enc" }, p256, true, ["sign"]));
    await good("use enc with no usages (public)", { ...strip(pub), use: "enc" }, p256, []);
    await good("key_ops with more", { ...strip(priv), key_ops: ["sign", "verify"] }, p256, ["sign"]);
    await acheck("key_ops without the usage", () => s.importKey("jwk", { ...strip(priv), key_ops: ["verify"] }, p256, true, ["sign"]));
    await acheck("key_ops twice the same", () => s.importKey("jwk", { ...strip(priv), key_ops: ["sign", "sign"] }, p256, true, ["sign"]));
    await acheck("key_ops not a list", () => s.importKey("jwk", { ...strip(priv), key_ops: 7 }, p256, true, ["sign"]));
    await good("ext false, not extractable", { ...strip(priv), ext: false }, p256, ["sign"], false);
    await acheck("ext false, extractable", () => s.importKey("jwk", { ...strip(priv), ext: false }, p256, true, ["sign"]));
    await acheck("kty missing", () => s.importKey("jwk", { ...strip(priv), kty: undefined }, p256, true, ["sign"]));
    await acheck("d a number", () => s.importKey("jwk", { ...strip(priv), d: 5 }, p256, true, ["sign"]));
    await acheck("not an object", () => s.importKey("jwk", "{}", p256, true, ["sign"]));
    // ECDH keys are for "enc".
    await good("ECDH use enc", { ...strip(priv), use: "enc" }, dh, ["deriveBits"]);
    await acheck("ECDH use sig", () => s.importKey("jwk", { ...strip(priv), use: "sig" }, dh, true, ["deriveBits"]));
    await good("ECDH key_ops", { ...strip(priv), key_ops: ["deriveKey", "deriveBits"] }, dh, ["deriveBits"]);
    await acheck("ECDH key_ops sign", () => s.importKey("jwk", { ...strip(priv), key_ops: ["sign"] }, dh, true, ["deriveBits"]));
    // Members are read once each: a getter cannot change a member between checks and use.
    let reads = 0;
    const counting = { ...strip(priv) };
    Object.defineProperty(counting, "d", { get() { reads++; return priv.d; }, enumerable: true });
    await good("d by a getter", counting, p256, ["sign"]);
    log("d read", reads, "times");
    // An X25519 key in JWK form, with use.
    const x = await s.generateKey("X25519", true, ["deriveBits"]);
    const xj = await s.exportKey("jwk", x.privateKey);
    await good("X25519 use enc", { ...strip(xj), use: "enc" }, "X25519", ["deriveBits"]);
    await acheck("X25519 use sig", () => s.importKey("jwk", { ...strip(xj), use: "sig" }, "X25519", true, ["deriveBits"]));
    await acheck("X25519 ext false, extractable", () => s.importKey("jwk", { ...strip(xj), ext: false }, "X25519", true, ["deriveBits"]));
    return done();
  },
};
