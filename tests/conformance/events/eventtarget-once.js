export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    t.addEventListener("x", () => log("once"), { once: true });
    t.addEventListener("x", () => log("always"));
    t.dispatchEvent(new Event("x"));
    t.dispatchEvent(new Event("x"));
    log("-- once re-dispatching inside itself");
    let depth = 0;
    t.addEventListener("r", () => { depth++; log("r", depth); if (depth < 3) t.dispatchEvent(new Event("r")); }, { once: true });
    t.dispatchEvent(new Event("r"));
    check("depth", () => depth);
    return done();
  },
};
