const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

// Two P-384 key pairs made with OpenSSL, and the secret OpenSSL computed for them.
const A_PKCS8 = "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDBP/JQiydAE6W5L2BEQflpMTTEJKrTgU2E35XtrefwSkY2n+CaxtjFaPEraXhEqgrihZANiAAS2jODoZxWvh7bacIuTHs9VNYSAIlihIBGmN4MVYzoT7IJMDx2rzOwIluQHcYj7uuJZdii0vqFiHR+BSIyT+uRPW53JOStQbxToMOowNlJS0YCj5j8fMURXgjiv7PcNSA4=";
const A_SPKI = "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEtozg6GcVr4e22nCLkx7PVTWEgCJYoSARpjeDFWM6E+yCTA8dq8zsCJbkB3GI+7riWXYotL6hYh0fgUiMk/rkT1udyTkrUG8U6DDqMDZSUtGAo+Y/HzFEV4I4r+z3DUgO";
const B_PKCS8 = "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDDoCkMBaDFPYzHAsDRpLlH2dJ8AejgFk4Ty4Vz776Fd0+EPpMPbwZzx9jzmzm6yxXmhZANiAASbMC5khpQocZFscCp6C0mxy+h1B75+OLDO/uTjtJ0C1I0Yv1hQCfnhfd82fb9n5Qm9C13uE458kz0B/ozvVPjzQYP4xxhon8wZkiE3dLs8vV3nM40NdlW/cSbaM99uJho=";
const B_SPKI = "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEmzAuZIaUKHGRbHAqegtJscvodQe+fjiwzv7k47SdAtSNGL9YUAn54X3fNn2/Z+UJvQtd7hOOfJM9Af6M71T480GD+McYaJ/MGZIhN3S7PL1d5zONDXZVv3Em2jPfbiYa";
const SHARED = "7bc5a23c38470312b33e79474a64e4a14c8b2f6c0eb2e653cde39e86b5ac860397b465b8e56420d774b40d2ab66b2d22";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const alg = { name: "ECDH", namedCurve: "P-384" };
    const aPriv = await s.importKey("pkcs8", unb64(A_PKCS8), alg, true, ["deriveBits"]);
    const bPub = await s.importKey("spki", unb64(B_SPKI), alg, true, []);
    const bPriv = await s.importKey("pkcs8", unb64(B_PKCS8), alg, false, ["deriveKey"]);
    const aPub = await s.importKey("spki", unb64(A_SPKI), alg, true, []);
    const ab = await s.deriveBits({ name: "ECDH", public: bPub }, aPriv, 384);
    log("A with B's public key:", hex(ab) === SHARED, ab.byteLength);
    const key = await s.deriveKey({ name: "ECDH", public: aPub }, bPriv, { name: "AES-KW", length: 256 }, true, ["wrapKey"]);
    check("B's derived key", () => [key.algorithm, key.usages]);
    log("B's derived key is the first 256 bits:", hex(await s.exportKey("raw", key)) === SHARED.slice(0, 64));
    // The same keys through every format.
    const jwk = await s.exportKey("jwk", aPriv);
    log("jwk:", JSON.stringify(jwk));
    const again = await s.importKey("jwk", jwk, alg, true, ["deriveBits"]);
    log("jwk -> pkcs8 unchanged:", hex(await s.exportKey("pkcs8", again)) === hex(unb64(A_PKCS8)));
    const rawB = await s.exportKey("raw", bPub);
    log("raw B bytes:", rawB.byteLength);
    const bFromRaw = await s.importKey("raw", rawB, alg, true, []);
    log("raw -> spki unchanged:", hex(await s.exportKey("spki", bFromRaw)) === hex(unb64(B_SPKI)));
    log("raw key derives the same:", hex(await s.deriveBits({ name: "ECDH", public: bFromRaw }, again, null)) === SHARED);
    const pubJwk = await s.exportKey("jwk", bPub);
    log("public jwk key_ops:", JSON.stringify(pubJwk.key_ops), "d" in pubJwk);
    return done();
  },
};
