export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers([["a", "1"], ["a", "2"]]);
    check("before", () => h.get("a"));
    h.set("A", "3");
    check("after set", () => h.get("a"));
    check("entries", () => [...h]);
    h.set("b", "x");
    h.set("b", "y");
    check("b", () => h.get("b"));
    return done();
  },
};
