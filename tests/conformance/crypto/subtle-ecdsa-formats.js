const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const bytes = (s) => new TextEncoder().encode(s);

// A P-384 key made with OpenSSL, and a signature it made over "shoal" with SHA-384.
const PKCS8 = "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDBP/JQiydAE6W5L2BEQflpMTTEJKrTgU2E35XtrefwSkY2n+CaxtjFaPEraXhEqgrihZANiAAS2jODoZxWvh7bacIuTHs9VNYSAIlihIBGmN4MVYzoT7IJMDx2rzOwIluQHcYj7uuJZdii0vqFiHR+BSIyT+uRPW53JOStQbxToMOowNlJS0YCj5j8fMURXgjiv7PcNSA4=";
const SPKI = "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEtozg6GcVr4e22nCLkx7PVTWEgCJYoSARpjeDFWM6E+yCTA8dq8zsCJbkB3GI+7riWXYotL6hYh0fgUiMk/rkT1udyTkrUG8U6DDqMDZSUtGAo+Y/HzFEV4I4r+z3DUgO";
const SIG = "qiifHTTlysbjzh1gY5/+NMUDz8/3LhXrbAJ8wZKJhG0dTBRTv/mInHAd3yUmhutIjTxS1eTTMwTYjFeht5omBoScYuMMpQecWzV8bAQFMLKkxPP7AVjMNHEEPE1pwS4A";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const alg = { name: "ECDSA", namedCurve: "P-384" };
    const es384 = { name: "ECDSA", hash: "SHA-384" };
    const data = bytes("shoal");
    const priv = await s.importKey("pkcs8", unb64(PKCS8), alg, true, ["sign"]);
    const pub = await s.importKey("spki", unb64(SPKI).buffer, alg, true, ["verify"]);
    check("imported", () => [priv.type, priv.algorithm, priv.usages, pub.type, pub.algorithm, pub.usages]);
    await acheck("verify OpenSSL's signature", () => s.verify(es384, pub, unb64(SIG), data));
    log("pkcs8 unchanged:", hex(await s.exportKey("pkcs8", priv)) === hex(unb64(PKCS8)));
    log("spki unchanged:", hex(await s.exportKey("spki", pub)) === hex(unb64(SPKI)));
    const raw = await s.exportKey("raw", pub);
    log("raw:", hex(raw));
    const jwkPriv = await s.exportKey("jwk", priv);
    const jwkPub = await s.exportKey("jwk", pub);
    log("jwk private:", JSON.stringify(jwkPriv));
    log("jwk public:", JSON.stringify(jwkPub));
    // Every format back in, and the same key out.
    const fromRaw = await s.importKey("raw", raw, alg, true, ["verify"]);
    const fromJwkPub = await s.importKey("jwk", jwkPub, alg, true, ["verify"]);
    const fromJwkPriv = await s.importKey("jwk", jwkPriv, alg, true, ["sign"]);
    log("raw -> spki:", hex(await s.exportKey("spki", fromRaw)) === hex(unb64(SPKI)));
    log("jwk -> spki:", hex(await s.exportKey("spki", fromJwkPub)) === hex(unb64(SPKI)));
    log("jwk -> pkcs8:", hex(await s.exportKey("pkcs8", fromJwkPriv)) === hex(unb64(PKCS8)));
    log("jwk -> jwk:", JSON.stringify(await s.exportKey("jwk", fromJwkPriv)) === JSON.stringify(jwkPriv));
    const sig = await s.sign(es384, fromJwkPriv, data);
    await acheck("jwk key signs, spki key verifies", () => s.verify(es384, pub, sig, data));
    return done();
  },
};
