export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams([["x", "first"], ["y", "1"], ["x", "second"]]);
    check("get", () => p.get("x"));
    check("getAll", () => p.getAll("x"));
    p.delete("x", "first");
    check("after delete value", () => p.get("x"));
    check("has value coerced", () => { p.append("n", "1"); return p.has("n", 1); });
    return done();
  },
};
