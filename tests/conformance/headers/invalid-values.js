export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const vals = ["a\nb", "a\rb", "a\0b", "\n", "ok\u0001"];
    for (const v of vals) {
      check("append " + JSON.stringify(v), () => { const h = new Headers(); h.append("x", v); return h.get("x"); });
    }
    check("set invalid", () => new Headers().set("x", "a\r\nb"));
    check("ctor invalid", () => new Headers({ x: "a\nb" }));
    return done();
  },
};
