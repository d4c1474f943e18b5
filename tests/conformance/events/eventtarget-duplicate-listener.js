export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    const f = () => log("f");
    t.addEventListener("x", f);
    t.addEventListener("x", f);
    t.addEventListener("x", f, false);
    t.addEventListener("x", f, { once: true });
    t.dispatchEvent(new Event("x"));
    log("once duplicate ignored, second dispatch:");
    t.dispatchEvent(new Event("x"));
    return done();
  },
};
