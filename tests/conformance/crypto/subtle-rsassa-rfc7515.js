const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const b64url = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const bytes = (s) => new TextEncoder().encode(s);

// RFC 7515 appendix A.2: an RS256 JWS, its key and its signature.
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
const INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const SIGNATURE = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const rs256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    const priv = await s.importKey("jwk", { ...JWK, alg: "RS256" }, rs256, true, ["sign"]);
    check("private", () => [priv.type, priv.algorithm, priv.usages, priv.extractable]);
    const { d, p, q, dp, dq, qi, ...pubJwk } = JWK;
    const pub = await s.importKey("jwk", pubJwk, rs256, true, ["verify"]);
    check("public", () => [pub.type, pub.algorithm, pub.usages]);
    // PKCS #1 v1.5 signatures are deterministic: this is the RFC's signature.
    const sig = await s.sign("RSASSA-PKCS1-v1_5", priv, bytes(INPUT));
    log("signature is the RFC's:", b64url(sig) === SIGNATURE, sig.byteLength);
    await acheck("verify", () => s.verify({ name: "RSASSA-PKCS1-v1_5" }, pub, sig, bytes(INPUT)));
    await acheck("verify other data", () => s.verify("RSASSA-PKCS1-v1_5", pub, sig, bytes(INPUT + ".")));
    await acheck("verify a short signature", () => s.verify("RSASSA-PKCS1-v1_5", pub, sig.slice(1), bytes(INPUT)));
    // The hash is the key's, whatever the call says.
    await acheck("call names SHA-512", async () => b64url(await s.sign({ name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" }, priv, bytes(INPUT))) === SIGNATURE);
    // The other hashes, with the same key.
    for (const hash of ["SHA-1", "SHA-384", "SHA-512"]) {
      const k = await s.importKey("jwk", JWK, { name: "RSASSA-PKCS1-v1_5", hash }, true, ["sign"]);
      const kp = await s.importKey("jwk", pubJwk, { name: "RSASSA-PKCS1-v1_5", hash }, true, ["verify"]);
      const sh = await s.sign("RSASSA-PKCS1-v1_5", k, bytes("shoal"));
      log(`${hash}:`, hex(sh));
      await acheck(`${hash} verify`, () => s.verify("RSASSA-PKCS1-v1_5", kp, sh, bytes("shoal")));
      await acheck(`${hash} signature under the SHA-256 key`, () => s.verify("RSASSA-PKCS1-v1_5", pub, sh, bytes("shoal")));
      log(`${hash} jwk alg:`, (await s.exportKey("jwk", k)).alg);
    }
    // Exports.
    log("spki:", hex(await s.exportKey("spki", pub)));
    const pkcs8 = await s.exportKey("pkcs8", priv);
    log("pkcs8:", hex(pkcs8));
    const jwk = await s.exportKey("jwk", priv);
    log("jwk members:", JSON.stringify(Object.keys(jwk)));
    log("jwk as given:", ["n", "e", "d", "p", "q", "dp", "dq", "qi"].every((m) => jwk[m] === JWK[m]), jwk.alg, JSON.stringify(jwk.key_ops), jwk.ext);
    log("public jwk:", JSON.stringify(await s.exportKey("jwk", pub)).slice(0, 80));
    const fromPkcs8 = await s.importKey("pkcs8", pkcs8, rs256, false, ["sign"]);
    log("pkcs8 key signs the same:", b64url(await s.sign("RSASSA-PKCS1-v1_5", fromPkcs8, bytes(INPUT))) === SIGNATURE);
    const fromSpki = await s.importKey("spki", await s.exportKey("spki", pub), rs256, true, ["verify"]);
    await acheck("spki key verifies", () => s.verify("RSASSA-PKCS1-v1_5", fromSpki, sig, bytes(INPUT)));
    check("spki key", () => [fromSpki.algorithm]);
    return done();
  },
};
