const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
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
// Made with OpenSSL over "shoal": RSA-PSS with SHA-256 and MGF1 SHA-256, salts of 32 and 0 bytes.
const SALT32 = "mgWWbHhc47bhAy+TT+nw2iH+D2S4U2StRZMHFtDRSufSY/kP7MdC0ILSqZqEGABhFYaqPtFRdrhcV8u7w0n5Gv7sLl+ZcF89HXTG8XRgyp02oMxbFFwlVZJFzCYr5KVmRcs+7BVn3ax1g6Ogjrc61T3dWpQ1s+ZGGS5o0lr2iVliLn/2rfwEF57KmCCKFcHzae2n+jYI3RmyEeosc+6evc7WdNaCxTCE3E394XeLAFPGQbnDTHEWKOgpHEDcYmpZGqY0LhBrxvslqJ+e4K/RI+wjhk1KF9jNeilzAhgsNf34Ys4iPZJz7hQssvwnB3/X8ge1aOLmU8Lq4WozuLfG2Q==";
const SALT0 = "k6FluHnHgTsXk8qtXuC6WyFsSMxhnmqtZzUBleAmY9+z/EEumv+e0jfO8UuUc7/DdW+x9OFqa7aOYGi0lzEGj08ioSv0qljBfGFF9AalZRPTMuDIwP8odiNAISY9deTqnZsTGwQrRzkw5Aa4kXUItJGrtw7gCvBszxhOH3mMD3swrPSfWLZoVeClIQeYMx5GKpXLKsdMYr/N0q8Dz+rkOnap6saBBSKlof0oQsyixSA0exjsDdYCY6sD3KDoC5sST7btnVJh6sypcSIVHyJ9v/xCeM94aMOYyLLRE3dOJRxThKCxCdit+tCZeY3KueTYzIFb+y48MDiUIbcQxkalRg==";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const ps256 = { name: "RSA-PSS", hash: "SHA-256" };
    const data = bytes("shoal");
    const priv = await s.importKey("jwk", { ...JWK, alg: "PS256" }, ps256, true, ["sign"]);
    const { d, p, q, dp, dq, qi, ...pubJwk } = JWK;
    const pub = await s.importKey("jwk", pubJwk, ps256, true, ["verify"]);
    check("keys", () => [priv.algorithm, priv.usages, pub.type, pub.usages]);
    // With no salt, PSS is deterministic.
    const zero = await s.sign({ name: "RSA-PSS", saltLength: 0 }, priv, data);
    log("salt 0 is OpenSSL's:", hex(zero) === hex(unb64(SALT0)));
    await acheck("verify salt 0", () => s.verify({ name: "RSA-PSS", saltLength: 0 }, pub, zero, data));
    await acheck("verify OpenSSL's salt 32", () => s.verify({ name: "RSA-PSS", saltLength: 32 }, pub, unb64(SALT32), data));
    await acheck("... as salt 0", () => s.verify({ name: "RSA-PSS", saltLength: 0 }, pub, unb64(SALT32), data));
    await acheck("... as salt 20", () => s.verify({ name: "RSA-PSS", saltLength: 20 }, pub, unb64(SALT32), data));
    await acheck("... other data", () => s.verify({ name: "RSA-PSS", saltLength: 32 }, pub, unb64(SALT32), bytes("shoaL")));
    const a = await s.sign({ name: "RSA-PSS", saltLength: 32 }, priv, data);
    const b = await s.sign({ name: "RSA-PSS", saltLength: 32 }, priv, data);
    log("salted signatures differ:", hex(a) !== hex(b), a.byteLength);
    await acheck("verify own salt 32", () => s.verify({ name: "RSA-PSS", saltLength: 32 }, pub, a, data));
    // The salt can be as long as the key leaves room for: 256 - 32 - 2 bytes.
    await acheck("salt 222", async () => (await s.sign({ name: "RSA-PSS", saltLength: 222 }, priv, data)).byteLength);
    await acheck("salt 223", () => s.sign({ name: "RSA-PSS", saltLength: 223 }, priv, data));
    await acheck("verify without saltLength", () => s.verify({ name: "RSA-PSS" }, pub, a, data));
    await acheck("verify with saltLength -1", () => s.verify({ name: "RSA-PSS", saltLength: -1 }, pub, a, data));
    await acheck("sign with saltLength -1", () => s.sign({ name: "RSA-PSS", saltLength: -1 }, priv, data));
    await acheck("as RSASSA-PKCS1-v1_5", () => s.sign({ name: "RSASSA-PKCS1-v1_5" }, priv, data));
    // Other hashes and their JWK names.
    const k512 = await s.importKey("jwk", JWK, { name: "RSA-PSS", hash: "SHA-512" }, true, ["sign"]);
    log("SHA-512 salt 0:", hex(await s.sign({ name: "RSA-PSS", saltLength: 0 }, k512, data)));
    log("SHA-512 jwk alg:", (await s.exportKey("jwk", k512)).alg);
    log("SHA-1 jwk alg:", (await s.exportKey("jwk", await s.importKey("jwk", pubJwk, { name: "RSA-PSS", hash: "SHA-1" }, true, []))).alg);
    await acheck("RS256 JWK for RSA-PSS", async () => (await s.importKey("jwk", { ...pubJwk, alg: "RS256" }, ps256, true, ["verify"])).algorithm.name);
    await acheck("PS384 JWK for SHA-256", () => s.importKey("jwk", { ...pubJwk, alg: "PS384" }, ps256, true, ["verify"]));
    // spki and pkcs8 of an RSA-PSS key are plain rsaEncryption keys.
    const spki = await s.exportKey("spki", pub);
    const again = await s.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
    check("spki as RSASSA-PKCS1-v1_5", () => again.algorithm.name);
    log("pkcs8 bytes:", (await s.exportKey("pkcs8", priv)).byteLength);
    return done();
  },
};
