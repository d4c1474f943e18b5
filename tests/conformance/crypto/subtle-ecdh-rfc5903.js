const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
const b64url = (u8) => btoa(String.fromCharCode(...u8)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

// RFC 5903 section 8.1 (256-bit random ECP group): i, g^i, r, g^r and the shared g^ir.
const I = "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433";
const GIX = "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180";
const GIY = "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3";
const R = "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53";
const GRX = "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63";
const GRY = "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
const GIRX = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const alg = { name: "ECDH", namedCurve: "P-256" };
    const jwk = (d, x, y) => ({ kty: "EC", crv: "P-256", d: b64url(unhex(d)), x: b64url(unhex(x)), y: b64url(unhex(y)) });
    const iPriv = await s.importKey("jwk", jwk(I, GIX, GIY), alg, true, ["deriveBits", "deriveKey"]);
    const rPub = await s.importKey("raw", unhex("04" + GRX + GRY), alg, true, []);
    check("private", () => [iPriv.type, iPriv.algorithm, iPriv.usages]);
    check("public", () => [rPub.type, rPub.algorithm, rPub.usages]);
    const shared = await s.deriveBits({ name: "ECDH", public: rPub }, iPriv, 256);
    log("g^ir:", hex(shared), hex(shared) === GIRX);
    // The other side gets the same secret.
    const rPriv = await s.importKey("jwk", jwk(R, GRX, GRY), alg, false, ["deriveBits"]);
    const iPub = await s.importKey("raw", unhex("04" + GIX + GIY), alg, false, []);
    log("g^ri:", hex(await s.deriveBits({ name: "ECDH", public: iPub }, rPriv, 256)));
    log("null length:", hex(await s.deriveBits({ name: "ECDH", public: rPub }, iPriv, null)));
    log("128 bits:", hex(await s.deriveBits({ name: "ECDH", public: rPub }, iPriv, 128)));
    log("12 bits:", hex(await s.deriveBits({ name: "ECDH", public: rPub }, iPriv, 12)));
    log("0 bits:", hex(await s.deriveBits({ name: "ECDH", public: rPub }, iPriv, 0)));
    await acheck("264 bits", () => s.deriveBits({ name: "ECDH", public: rPub }, iPriv, 264));
    // deriveKey takes the first bits of the secret as the new key.
    const aes = await s.deriveKey({ name: "ECDH", public: rPub }, iPriv, { name: "AES-GCM", length: 128 }, true, ["encrypt"]);
    check("AES key", () => [aes.algorithm, aes.usages]);
    log("AES key bytes:", hex(await s.exportKey("raw", aes)));
    const hmac = await s.deriveKey({ name: "ECDH", public: rPub }, iPriv, { name: "HMAC", hash: "SHA-256", length: 256 }, true, ["sign"]);
    check("HMAC key", () => [hmac.algorithm, hmac.usages]);
    log("HMAC key bytes:", hex(await s.exportKey("raw", hmac)));
    await acheck("HMAC default length (512 bits)", () => s.deriveKey({ name: "ECDH", public: rPub }, iPriv, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
    const hkdf = await s.deriveKey({ name: "ECDH", public: rPub }, iPriv, "HKDF", false, ["deriveBits"]);
    check("HKDF key", () => [hkdf.algorithm, hkdf.usages, hkdf.extractable]);
    log("HKDF from the secret:", hex(await s.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new Uint8Array(0) }, hkdf, 128)));
    // Exports of the RFC keys.
    log("public raw:", hex(await s.exportKey("raw", rPub)));
    log("public spki:", hex(await s.exportKey("spki", rPub)));
    log("public jwk:", JSON.stringify(await s.exportKey("jwk", rPub)));
    log("private pkcs8:", hex(await s.exportKey("pkcs8", iPriv)));
    log("private jwk:", JSON.stringify(await s.exportKey("jwk", iPriv)));
    return done();
  },
};
