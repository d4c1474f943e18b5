export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const e = new TextEncoder();
    check("lone high", () => e.encode("\ud800"));
    check("lone low", () => e.encode("\udc00"));
    check("reversed pair", () => e.encode("\udc00\ud800"));
    check("high then char", () => e.encode("\ud83dA"));
    check("valid pair", () => e.encode("\ud83d\ude00"));
    return done();
  },
};
