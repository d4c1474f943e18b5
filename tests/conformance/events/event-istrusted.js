export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    const e = new Event("x");
    t.addEventListener("x", (ev) => log("in listener:", ev.isTrusted));
    t.dispatchEvent(e);
    check("after", () => e.isTrusted);
    check("custom", () => new CustomEvent("x").isTrusted);
    return done();
  },
};
