export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = crypto.getRandomValues(new Uint8Array(4096));
    const seen = new Set(a);
    check("many distinct byte values", () => seen.size > 200);
    const b = crypto.getRandomValues(new Uint8Array(32));
    const c = crypto.getRandomValues(new Uint8Array(32));
    check("two draws differ", () => b.some((x, i) => x !== c[i]));
    return done();
  },
};
