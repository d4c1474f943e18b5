const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, acheck, done } = harness();
    const s = crypto.subtle;
    // RFC 7515 appendix A.3: ES256 (P-256, SHA-256).
    const jwk256 = {
      kty: "EC", crv: "P-256",
      x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
      y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
      d: "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
    };
    const input256 = bytes("eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ");
    const sig256 = unb64("DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q");
    const { d, ...pub256 } = jwk256;
    const pk = await s.importKey("jwk", pub256, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
    check("public", () => [pk.type, pk.algorithm, pk.usages, pk.extractable]);
    const es256 = { name: "ECDSA", hash: "SHA-256" };
    await acheck("verify A.3", () => s.verify(es256, pk, sig256, input256));
    await acheck("verify A.3 other data", () => s.verify(es256, pk, sig256, bytes("x")));
    await acheck("verify A.3 SHA-384", () => s.verify({ name: "ECDSA", hash: "SHA-384" }, pk, sig256, input256));
    const flipped = sig256.slice();
    flipped[63] ^= 1;
    await acheck("verify A.3 flipped bit", () => s.verify(es256, pk, flipped, input256));
    await acheck("verify A.3 DER-length sig", () => s.verify(es256, pk, new Uint8Array(72), input256));
    log("raw:", hex(await s.exportKey("raw", pk)));
    log("spki:", hex(await s.exportKey("spki", pk)));
    log("jwk public:", JSON.stringify(await s.exportKey("jwk", pk)));
    const sk = await s.importKey("jwk", jwk256, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
    check("private", () => [sk.type, sk.algorithm, sk.usages, sk.extractable]);
    log("pkcs8:", hex(await s.exportKey("pkcs8", sk)));
    log("jwk private:", JSON.stringify(await s.exportKey("jwk", sk)));
    const mine = await s.sign(es256, sk, input256);
    log("own sig bytes:", mine.byteLength);
    await acheck("verify own sig", () => s.verify(es256, pk, mine, input256));
    // RFC 7515 appendix A.4: ES512 (P-521, SHA-512).
    const jwk521 = {
      kty: "EC", crv: "P-521",
      x: "AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
      y: "ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2",
    };
    const pk521 = await s.importKey("jwk", jwk521, { name: "ECDSA", namedCurve: "P-521" }, true, ["verify"]);
    check("public 521", () => [pk521.algorithm, pk521.usages]);
    const input521 = bytes("eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA");
    const sig521 = unb64("AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn");
    log("sig 521 bytes:", sig521.length);
    await acheck("verify A.4", () => s.verify({ name: "ECDSA", hash: "SHA-512" }, pk521, sig521, input521));
    await acheck("verify A.4 SHA-256", () => s.verify({ name: "ECDSA", hash: "SHA-256" }, pk521, sig521, input521));
    log("raw 521:", hex(await s.exportKey("raw", pk521)));
    log("jwk 521:", JSON.stringify(await s.exportKey("jwk", pk521)));
    return done();
  },
};
