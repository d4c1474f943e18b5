const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
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
    const oaep = { name: "RSA-OAEP", hash: "SHA-256" };
    const { d, p, q, dp, dq, qi, ...pubJwk } = JWK;
    const unwrapper = await s.importKey("jwk", JWK, oaep, false, ["unwrapKey", "decrypt"]);
    const wrapper = await s.importKey("jwk", pubJwk, oaep, true, ["wrapKey"]);
    const secret = unhex("000102030405060708090a0b0c0d0e0f");
    const aes = await s.importKey("raw", secret, "AES-GCM", true, ["encrypt", "decrypt"]);
    // raw, under a label.
    const label = bytes("wrapped");
    const wrapped = await s.wrapKey("raw", aes, wrapper, { name: "RSA-OAEP", label });
    log("wrapped raw bytes:", wrapped.byteLength);
    const back = await s.unwrapKey("raw", wrapped, unwrapper, { name: "RSA-OAEP", label }, "AES-GCM", false, ["decrypt"]);
    check("unwrapped", () => [back.type, back.algorithm, back.usages, back.extractable]);
    const iv = new Uint8Array(12);
    const ct = await s.encrypt({ name: "AES-GCM", iv }, aes, bytes("secret"));
    await acheck("unwrapped key decrypts", async () => new TextDecoder().decode(await s.decrypt({ name: "AES-GCM", iv }, back, ct)));
    await acheck("raw bytes are the key's", async () => hex(await s.decrypt({ name: "RSA-OAEP", label }, unwrapper, wrapped)) === hex(secret));
    await acheck("unwrap without the label", () => s.unwrapKey("raw", wrapped, unwrapper, "RSA-OAEP", "AES-GCM", false, ["decrypt"]));
    // jwk: the JSON text is what is encrypted.
    const hmac = await s.importKey("raw", new Uint8Array(32).fill(7), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
    const wrappedJwk = await s.wrapKey("jwk", hmac, wrapper, "RSA-OAEP");
    const json = new TextDecoder().decode(await s.decrypt("RSA-OAEP", unwrapper, wrappedJwk));
    log("wrapped JSON:", json);
    const hmacBack = await s.unwrapKey("jwk", wrappedJwk, unwrapper, "RSA-OAEP", { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
    check("unwrapped HMAC", () => [hmacBack.algorithm, hmacBack.usages, hmacBack.extractable]);
    log("same HMAC:", hex(await s.sign("HMAC", hmacBack, bytes("m"))) === hex(await s.sign("HMAC", hmac, bytes("m"))));
    // A P-256 private key fits as PKCS #8 (138 bytes) but not as a JWK (over 190 bytes).
    const ec = await s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    await acheck("wrap pkcs8 of a P-256 key", async () => (await s.wrapKey("pkcs8", ec.privateKey, wrapper, "RSA-OAEP")).byteLength);
    await acheck("wrap raw P-256 public key", async () => {
      const w = await s.wrapKey("raw", ec.publicKey, wrapper, "RSA-OAEP");
      const k = await s.unwrapKey("raw", w, unwrapper, "RSA-OAEP", { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
      return hex(await s.exportKey("raw", k)) === hex(await s.exportKey("raw", ec.publicKey));
    });
    await acheck("wrap a jwk too long", () => s.wrapKey("jwk", ec.privateKey, wrapper, "RSA-OAEP"));
    return done();
  },
};
