export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    h.set("x", "\u0080\u00ff");
    check("codes", () => [...h.get("x")].map((c) => c.charCodeAt(0)));
    h.set("y", "a\u007fb");
    check("DEL allowed", () => h.get("y").length);
    h.set("z", "a\tb");
    check("inner tab kept", () => h.get("z"));
    return done();
  },
};
