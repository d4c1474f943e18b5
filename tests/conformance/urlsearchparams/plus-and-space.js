export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("a=1+2&b=1%2B2&c=1 2");
    check("a", () => p.get("a"));
    check("b", () => p.get("b"));
    check("c", () => p.get("c"));
    check("toString", () => p.toString());
    const q = new URLSearchParams();
    q.set("k", "1+2 3");
    check("serialize plus", () => q.toString());
    return done();
  },
};
