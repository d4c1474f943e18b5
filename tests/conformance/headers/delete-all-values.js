export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    h.append("x", "1");
    h.append("X", "2");
    h.append("y", "3");
    h.delete("x");
    check("entries", () => [...h]);
    check("get x", () => h.get("x"));
    return done();
  },
};
