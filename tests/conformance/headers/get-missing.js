export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers({ a: "1" });
    check("get missing", () => h.get("b"));
    check("has missing", () => h.has("b"));
    check("delete missing", () => h.delete("b"));
    check("entries", () => [...h]);
    return done();
  },
};
