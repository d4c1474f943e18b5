const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const bytes = (s) => new TextEncoder().encode(s);

// RFC 7515 appendix A.2's RSA key.
const JWK = {
  kty: "RSA",
  n: "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
  e: "AQAB",
  d: "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
  p: "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
  q: "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
  dp: "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
  dq: "h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
  qi: "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U",
};
// RFC 7515 appendix A.3's P-256 public key.
const EC_SPKI = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEXH8UTNG72bfocs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const rs256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    const { d, p, q, dp, dq, qi, ...pubJwk } = JWK;
    await acheck("EC spki as RSA", () => s.importKey("spki", unb64(EC_SPKI), rs256, true, ["verify"]));
    await acheck("spki as pkcs8", () => s.importKey("pkcs8", unb64(EC_SPKI), rs256, true, ["sign"]));
    await acheck("raw format", () => s.importKey("raw", new Uint8Array(256), rs256, true, ["verify"]));
    await acheck("no hash", () => s.importKey("jwk", pubJwk, "RSASSA-PKCS1-v1_5", true, ["verify"]));
    await acheck("jwk kty EC", () => s.importKey("jwk", { ...pubJwk, kty: "EC" }, rs256, true, ["verify"]));
    await acheck("jwk without n", () => s.importKey("jwk", { kty: "RSA", e: "AQAB" }, rs256, true, ["verify"]));
    await acheck("jwk without e", () => s.importKey("jwk", { kty: "RSA", n: JWK.n }, rs256, true, ["verify"]));
    await acheck("jwk alg HS256", () => s.importKey("jwk", { ...pubJwk, alg: "HS256" }, rs256, true, ["verify"]));
    await acheck("jwk alg RS384", () => s.importKey("jwk", { ...pubJwk, alg: "RS384" }, rs256, true, ["verify"]));
    await acheck("jwk alg PS256", async () => (await s.importKey("jwk", { ...pubJwk, alg: "PS256" }, rs256, true, ["verify"])).algorithm.name);
    await acheck("jwk with oth", () => s.importKey("jwk", { ...JWK, oth: [] }, rs256, true, ["sign"]));
    await acheck("jwk with p but no q", () => s.importKey("jwk", { ...pubJwk, d, p }, rs256, true, ["sign"]));
    await acheck("jwk n not base64url", () => s.importKey("jwk", { ...pubJwk, n: "a+b!" }, rs256, true, ["verify"]));
    await acheck("jwk use enc", () => s.importKey("jwk", { ...pubJwk, use: "enc" }, rs256, true, ["verify"]));
    await acheck("jwk key_ops sign for verify", () => s.importKey("jwk", { ...pubJwk, key_ops: ["sign"] }, rs256, true, ["verify"]));
    await acheck("jwk ext false", () => s.importKey("jwk", { ...JWK, ext: false }, rs256, true, ["sign"]));
    // A private key without the CRT members works.
    const bare = await s.importKey("jwk", { ...pubJwk, d }, rs256, true, ["sign"]);
    const full = await s.importKey("jwk", JWK, rs256, true, ["sign"]);
    const a = new Uint8Array(await s.sign("RSASSA-PKCS1-v1_5", bare, bytes("m")));
    const b = new Uint8Array(await s.sign("RSASSA-PKCS1-v1_5", full, bytes("m")));
    log("private key without p, q, dp, dq, qi signs the same:", a.every((x, i) => x === b[i]));
    // Usages.
    await acheck("public key to sign", () => s.importKey("jwk", pubJwk, rs256, true, ["sign"]));
    await acheck("private key to verify", () => s.importKey("jwk", JWK, rs256, true, ["verify"]));
    await acheck("private key to decrypt", () => s.importKey("jwk", JWK, rs256, true, ["decrypt"]));
    await acheck("private key, no usages", () => s.importKey("jwk", JWK, rs256, true, []));
    await acheck("raw export", () => s.exportKey("raw", full));
    await acheck("spki of a private key", () => s.exportKey("spki", full));
    await acheck("verify with a private key", () => s.verify("RSASSA-PKCS1-v1_5", full, new Uint8Array(256), bytes("m")));
    return done();
  },
};
