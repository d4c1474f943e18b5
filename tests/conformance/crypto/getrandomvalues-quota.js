export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("65536 bytes ok", () => crypto.getRandomValues(new Uint8Array(65536)).length);
    check("65537 bytes", () => crypto.getRandomValues(new Uint8Array(65537)));
    check("16384 Uint32 ok", () => crypto.getRandomValues(new Uint32Array(16384)).length);
    check("16385 Uint32", () => crypto.getRandomValues(new Uint32Array(16385)));
    check("8193 BigUint64", () => crypto.getRandomValues(new BigUint64Array(8193)));
    check("big subarray ok", () => crypto.getRandomValues(new Uint8Array(100000).subarray(0, 65536)).length);
    return done();
  },
};
