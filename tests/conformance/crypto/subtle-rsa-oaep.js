const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const bytes = (s) => new TextEncoder().encode(s);
const text = (buf) => new TextDecoder().decode(buf);

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
// "attack at dawn", encrypted by OpenSSL with RSA-OAEP: SHA-256 and the label "label", and
// SHA-1 with no label.
const SHA256_LABEL = "JMG1CPB9MxPIhQIuyUrvHavKeLsiAI816R05D/46BLsaCd3frzqyZSPdfadAyXWMa2nqSN1EHANlEkFnFFq2I7d+EBHCzbWfKWVnDcEnJQ0BUuXDoXjpHc4PXWOg6ZqdhunWYcc1JmPZhAiSioxOZkh/6Z/albH4pvUyEvtow42hepfFT+XJ39HZiKM5RYBcwbQ43SZzXVzIqznji9JYkrYCt4RFZvzfbCYYk7tv2BiLRk73oHzRSQ9jsIHukLilLuH47mpXQ3LtSdVaX5kogJznYdSFhgzdvggcOBu43o5KApOlBbmdwc+yD+J3Cg8H/b114cWxhkLzrTat89XFmg==";
const SHA1 = "d6fhqGTUT1DA9SG+bGEUhTdTmIVtb9c+hZ6IcVJ0bd1t2boXgR1KtmsFKElncUEklexr9OC54wxzzGuwe/FvJjeaTXT6XBRzd8UeeyS7+12yPdFA9Qdk+W4V1oRkNjYljNrYz6MO5IwFsmDT4m16bHvBGBC8eQtr7yoFqRHHfF2Qwol4XHFda5pcOduHeBto9bfSKGHWGLKTgk76A6FnWsTAee7WpLXTPDK4GGwHgB/mHaj8ADq6WMkRUHgPJi2fXbgSZ+s7cJfK/Q8Kh/Zletrzf/b2hZBYo/Oeg+9AroCjbJ3/PqB8+9V5Ly448/5ch3qD7aHlRoxSoqeyU1ISBQ==";

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    const oaep256 = { name: "RSA-OAEP", hash: "SHA-256" };
    const { d, p, q, dp, dq, qi, ...pubJwk } = JWK;
    const priv = await s.importKey("jwk", JWK, oaep256, true, ["decrypt", "unwrapKey"]);
    const pub = await s.importKey("jwk", { ...pubJwk, alg: "RSA-OAEP-256", use: "enc" }, oaep256, true, ["encrypt", "wrapKey"]);
    check("keys", () => [priv.type, priv.algorithm, priv.usages, pub.type, pub.usages]);
    await acheck("decrypt OpenSSL's", async () => text(await s.decrypt({ name: "RSA-OAEP", label: bytes("label") }, priv, unb64(SHA256_LABEL))));
    await acheck("... without the label", () => s.decrypt({ name: "RSA-OAEP" }, priv, unb64(SHA256_LABEL)));
    await acheck("... with another label", () => s.decrypt({ name: "RSA-OAEP", label: bytes("lab") }, priv, unb64(SHA256_LABEL)));
    const flipped = unb64(SHA256_LABEL);
    flipped[100] ^= 1;
    await acheck("... a flipped bit", () => s.decrypt({ name: "RSA-OAEP", label: bytes("label") }, priv, flipped));
    const sha1 = await s.importKey("jwk", JWK, { name: "RSA-OAEP", hash: "SHA-1" }, false, ["decrypt"]);
    await acheck("decrypt OpenSSL's SHA-1", async () => text(await s.decrypt("RSA-OAEP", sha1, unb64(SHA1))));
    await acheck("... with the SHA-256 key", () => s.decrypt("RSA-OAEP", priv, unb64(SHA1)));
    // Round trips: encryption is randomized.
    const c1 = await s.encrypt({ name: "RSA-OAEP", label: new Uint8Array([1, 2]) }, pub, bytes("hello"));
    const c2 = await s.encrypt({ name: "RSA-OAEP", label: new Uint8Array([1, 2]) }, pub, bytes("hello"));
    log("ciphertexts:", c1.byteLength, hex(c1) !== hex(c2));
    await acheck("round trip", async () => text(await s.decrypt({ name: "RSA-OAEP", label: new Uint8Array([1, 2]) }, priv, c1)));
    await acheck("empty message", async () => (await s.decrypt("RSA-OAEP", priv, await s.encrypt("RSA-OAEP", pub, new Uint8Array(0)))).byteLength);
    // The longest message: 256 - 2 * 32 - 2 bytes.
    await acheck("190 bytes", async () => (await s.decrypt("RSA-OAEP", priv, await s.encrypt("RSA-OAEP", pub, new Uint8Array(190)))).byteLength);
    await acheck("191 bytes", () => s.encrypt("RSA-OAEP", pub, new Uint8Array(191)));
    return done();
  },
};
