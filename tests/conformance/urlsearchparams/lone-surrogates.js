export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams();
    p.append("a\ud800", "b\udc00c");
    check("toString", () => p.toString());
    check("keys", () => [...p.keys()].map((k) => k.length));
    return done();
  },
};
