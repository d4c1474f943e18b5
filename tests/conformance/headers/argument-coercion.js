export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    check("number value", () => { h.set("n", 42); return h.get("n"); });
    check("object value", () => { h.set("o", { toString() { return "obj"; } }); return h.get("o"); });
    check("null value", () => { h.set("z", null); return h.get("z"); });
    check("missing args", () => h.set("x"));
    check("no args get", () => h.get());
    return done();
  },
};
