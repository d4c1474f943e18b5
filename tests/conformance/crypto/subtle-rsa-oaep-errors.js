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

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const oaep256 = { name: "RSA-OAEP", hash: "SHA-256" };
    const { d, p, q, dp, dq, qi, ...pubJwk } = JWK;
    const priv = await s.importKey("jwk", JWK, oaep256, true, ["decrypt", "unwrapKey"]);
    const pub = await s.importKey("jwk", pubJwk, oaep256, true, ["encrypt", "wrapKey"]);
    const c1 = await s.encrypt("RSA-OAEP", pub, bytes("hello"));
    await acheck("decrypt 255 bytes", () => s.decrypt("RSA-OAEP", priv, new Uint8Array(255)));
    await acheck("decrypt zeros", () => s.decrypt("RSA-OAEP", priv, new Uint8Array(256)));
    await acheck("encrypt with the private key", () => s.encrypt("RSA-OAEP", priv, bytes("x")));
    await acheck("decrypt with the public key", () => s.decrypt("RSA-OAEP", pub, c1));
    await acheck("sign with an RSA-OAEP key", () => s.sign("RSASSA-PKCS1-v1_5", priv, bytes("x")));
    await acheck("label not a buffer", () => s.encrypt({ name: "RSA-OAEP", label: "x" }, pub, bytes("x")));
    // JWK names.
    log("jwk alg SHA-256:", (await s.exportKey("jwk", pub)).alg);
    log("jwk alg SHA-1:", (await s.exportKey("jwk", await s.importKey("jwk", pubJwk, { name: "RSA-OAEP", hash: "SHA-1" }, true, ["encrypt"]))).alg);
    log("jwk alg SHA-384:", (await s.exportKey("jwk", await s.importKey("jwk", pubJwk, { name: "RSA-OAEP", hash: "SHA-384" }, true, ["encrypt"]))).alg);
    await acheck("RSA-OAEP JWK for SHA-256", () => s.importKey("jwk", { ...pubJwk, alg: "RSA-OAEP" }, oaep256, true, ["encrypt"]));
    await acheck("JWK use sig", () => s.importKey("jwk", { ...pubJwk, use: "sig" }, oaep256, true, ["encrypt"]));
    await acheck("public key to decrypt", () => s.importKey("jwk", pubJwk, oaep256, true, ["decrypt"]));
    await acheck("private key to wrapKey", () => s.importKey("jwk", JWK, oaep256, true, ["wrapKey"]));
    const aes = await s.importKey("raw", new Uint8Array(16), "AES-GCM", true, ["encrypt"]);
    const label = bytes("wrapped");
    const wrapper = pub;
    const unwrapper = priv;
    const wrapped = await s.wrapKey("raw", aes, wrapper, { name: "RSA-OAEP", label });
    await acheck("wrap with the unwrapping key", () => s.wrapKey("raw", aes, unwrapper, "RSA-OAEP"));
    await acheck("wrap with a key without wrapKey", async () => s.wrapKey("raw", aes, await s.importKey("jwk", pubJwk, oaep256, true, ["encrypt"]), "RSA-OAEP"));
    await acheck("unwrap with a key without unwrapKey", async () => s.unwrapKey("raw", wrapped, await s.importKey("jwk", JWK, oaep256, true, ["decrypt"]), { name: "RSA-OAEP", label }, "AES-GCM", false, ["decrypt"]));
    await acheck("unwrap to no usages", () => s.unwrapKey("raw", wrapped, unwrapper, { name: "RSA-OAEP", label }, "AES-GCM", false, []));
    return done();
  },
};
