const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = crypto.subtle;
    // RFC 8032 section 7.1, test 1 (empty message) and test 2 (one byte).
    const seed = unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    const pub = unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const pkcs8 = new Uint8Array([...unhex("302e020100300506032b657004220420"), ...seed]);
    const priv = await s.importKey("pkcs8", pkcs8, "Ed25519", true, ["sign"]);
    check("private", () => [priv.type, priv.algorithm, priv.usages, priv.extractable]);
    log("sig empty:", hex(await s.sign("Ed25519", priv, new Uint8Array(0))));
    const pk = await s.importKey("raw", pub, { name: "Ed25519" }, true, ["verify"]);
    check("public", () => [pk.type, pk.algorithm, pk.usages, pk.extractable]);
    const sig = unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    await acheck("verify rfc", () => s.verify("Ed25519", pk, sig, new Uint8Array(0)));
    await acheck("verify other data", () => s.verify("Ed25519", pk, sig, bytes("x")));
    await acheck("verify short sig", () => s.verify("Ed25519", pk, sig.slice(1), new Uint8Array(0)));
    log("spki:", hex(await s.exportKey("spki", pk)));
    log("raw:", hex(await s.exportKey("raw", pk)));
    log("pkcs8:", hex(await s.exportKey("pkcs8", priv)));
    log("jwk private:", JSON.stringify(await s.exportKey("jwk", priv)));
    log("jwk public:", JSON.stringify(await s.exportKey("jwk", pk)));
    const fromJwk = await s.importKey("jwk", await s.exportKey("jwk", priv), "Ed25519", false, ["sign"]);
    log("jwk round trip sig:", hex(await s.sign("Ed25519", fromJwk, bytes("r"))) === hex(await s.sign("Ed25519", priv, bytes("r"))));
    const pair = await s.generateKey("Ed25519", false, ["sign", "verify"]);
    check("pair", () => [pair.publicKey.type, pair.publicKey.extractable, pair.publicKey.usages,
        pair.privateKey.type, pair.privateKey.extractable, pair.privateKey.usages]);
    const m = bytes("agent says hi");
    const ps = await s.sign({ name: "Ed25519" }, pair.privateKey, m);
    log("pair sig bytes:", ps.byteLength);
    await acheck("pair verify", () => s.verify("Ed25519", pair.publicKey, ps, m));
    await acheck("sign with public", () => s.sign("Ed25519", pk, m));
    await acheck("export raw private", () => s.exportKey("raw", priv));
    await acheck("export pkcs8 public", () => s.exportKey("pkcs8", pk));
    await acheck("raw 31 bytes", () => s.importKey("raw", pub.slice(1), "Ed25519", true, ["verify"]));
    await acheck("raw sign usage", () => s.importKey("raw", pub, "Ed25519", true, ["sign"]));
    await acheck("pkcs8 no usages", () => s.importKey("pkcs8", pkcs8, "Ed25519", true, []));
    await acheck("bad spki", () => s.importKey("spki", pub, "Ed25519", true, ["verify"]));
    await acheck("generate verify only", () => s.generateKey("Ed25519", false, ["verify"]));
    await acheck("jwk wrong crv", () => s.importKey("jwk", { kty: "OKP", crv: "X25519", x: "AAAA" }, "Ed25519", true, ["verify"]));
    await acheck("hmac alg with ed key", () => s.sign("HMAC", priv, m));
    return done();
  },
};
