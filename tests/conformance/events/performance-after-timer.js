export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = performance.now();
    await new Promise((r) => setTimeout(r, 20));
    const b = performance.now();
    check("advanced after timer", () => b > a);
    check("at least 15ms", () => b - a >= 15);
    return done();
  },
};
