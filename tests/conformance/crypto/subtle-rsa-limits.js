const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const b64url = (u8) => btoa(String.fromCharCode(...u8)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

// RFC 7515 appendix A.2's RSA public key.
const JWK = {
  kty: "RSA",
  n: "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
  e: "AQAB",
};
// A 1024-bit RSA public key with the exponent 5, made with OpenSSL.
const SPKI_E5 = "MIGdMA0GCSqGSIb3DQEBAQUAA4GLADCBhwKBgQCxOs7UT7JQKw8k6sjWr2cqqNOn/J1KSF5C4dLefjRRyR4J7jBJc9Badi6cE2qcV7khLf2/MV896hozaI0Tm8cG/8Ww8tCOJ5J+RkR0nt+z9op/1Yu1a34pbxP8KYjh0mxVk9nyaPEXTYzO3Ca53W/0hFm+SYG+xgP+Gze9QMlZewIBBQ==";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const rs256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    const pubJwk = JWK;
    // An odd number of exactly `bits` bits: not a real modulus, but imports take it.
    const modulus = (bits) => {
      const n = new Uint8Array(Math.ceil(bits / 8));
      n[0] = 1 << ((bits - 1) % 8);
      n[n.length - 1] |= 1;
      return b64url(n);
    };
    await acheck("exponent 5", () => s.importKey("spki", unb64(SPKI_E5), rs256, true, ["verify"]));
    await acheck("exponent 3", async () => (await s.importKey("jwk", { ...pubJwk, e: "Aw" }, rs256, true, ["verify"])).algorithm.publicExponent);
    await acheck("exponent 2^32 + 1", () => s.importKey("jwk", { ...pubJwk, e: "AQAAAAE" }, rs256, true, ["verify"]));
    await acheck("modulus of 248 bits", () => s.importKey("jwk", { kty: "RSA", n: modulus(248), e: "AQAB" }, rs256, true, ["verify"]));
    await acheck("modulus of 1028 bits", () => s.importKey("jwk", { kty: "RSA", n: modulus(1028), e: "AQAB" }, rs256, true, ["verify"]));
    await acheck("modulus of 4096 bits", async () => (await s.importKey("jwk", { kty: "RSA", n: modulus(4096), e: "AQAB" }, rs256, true, ["verify"])).algorithm.modulusLength);
    await acheck("modulus of 16392 bits", () => s.importKey("jwk", { kty: "RSA", n: modulus(16392), e: "AQAB" }, rs256, true, ["verify"]));
    // shoal uses RSA keys of up to 8192 bits (a private-key operation then takes about 60 ms,
    // where the CPU limit cannot stop it); Workers takes up to 16384.
    await acheck("modulus of 8192 bits", async () => (await s.importKey("jwk", { kty: "RSA", n: modulus(8192), e: "AQAB" }, rs256, true, ["verify"])).algorithm.modulusLength);
    await acheck("modulus of 8200 bits", async () => (await s.importKey("jwk", { kty: "RSA", n: modulus(8200), e: "AQAB" }, rs256, true, ["verify"])).algorithm.modulusLength);
    // And generates keys of up to 4096 bits (a second of native CPU already); Workers, 16384.
    await acheck("generate 4224 bits", async () => (await s.generateKey({ name: "RSA-PSS", modulusLength: 4224, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, false, ["sign"])).privateKey.algorithm.modulusLength);
    return done();
  },
};
