export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("latin1 e-acute", () => { const h = new Headers(); h.set("x", "caf\u00e9"); return [...h.get("x")].map((c) => c.charCodeAt(0)); });
    check("euro sign", () => { const h = new Headers(); h.set("x", "\u20ac"); return h.get("x"); });
    check("emoji", () => { const h = new Headers(); h.set("x", "\u{1f600}"); return h.get("x"); });
    check("0xff", () => { const h = new Headers(); h.set("x", "\u00ff"); return h.get("x").charCodeAt(0); });
    return done();
  },
};
