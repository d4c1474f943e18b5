export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = new Uint8Array(16);
    const r = crypto.getRandomValues(a);
    check("same object", () => r === a);
    check("length", () => r.length);
    const big = new Uint8Array(64);
    crypto.getRandomValues(big);
    check("not all zero", () => big.some((x) => x !== 0));
    check("typeof crypto", () => typeof crypto);
    return done();
  },
};
