const bytes = (s) => new TextEncoder().encode(s);

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = crypto.subtle;
    const params = { name: "PBKDF2", hash: "SHA-256", salt: bytes("s"), iterations: 1 };
    await acheck("extractable pbkdf2", () => s.importKey("raw", bytes("p"), "PBKDF2", true, ["deriveBits"]));
    await acheck("pbkdf2 sign usage", () => s.importKey("raw", bytes("p"), "PBKDF2", false, ["sign"]));
    const pw = await s.importKey("raw", bytes("p"), "PBKDF2", false, ["deriveKey"]);
    await acheck("deriveBits without usage", () => s.deriveBits(params, pw, 256));
    const bitsKey = await s.importKey("raw", bytes("p"), "PBKDF2", false, ["deriveBits"]);
    await acheck("length not multiple of 8", () => s.deriveBits(params, bitsKey, 12));
    await acheck("length null", () => s.deriveBits(params, bitsKey, null));
    await acheck("zero iterations", () => s.deriveBits({ ...params, iterations: 0 }, bitsKey, 256));
    await acheck("no salt", () => s.deriveBits({ name: "PBKDF2", hash: "SHA-256", iterations: 1 }, bitsKey, 256));
    await acheck("wrong algorithm for key", () => s.deriveBits({ name: "HKDF", hash: "SHA-256", salt: bytes(""), info: bytes("") }, bitsKey, 256));
    await acheck("too many iterations", () => s.deriveBits({ ...params, iterations: 100001 }, bitsKey, 256));
    const hmac = await s.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    await acheck("deriveBits with HMAC key", () => s.deriveBits(params, hmac, 256));
    await acheck("sign with PBKDF2 key", () => s.sign("HMAC", bitsKey, bytes("x")));
    const ikm = await s.importKey("raw", bytes("k"), "HKDF", false, ["deriveBits"]);
    await acheck("hkdf too long", () => s.deriveBits({ name: "HKDF", hash: "SHA-256", salt: bytes(""), info: bytes("") }, ikm, 255 * 256 + 8));
    await acheck("hkdf no info", () => s.deriveBits({ name: "HKDF", hash: "SHA-256", salt: bytes("") }, ikm, 256));
    return done();
  },
};
