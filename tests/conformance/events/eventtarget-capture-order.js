export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    t.addEventListener("x", (e) => log("bubble listener, phase", e.eventPhase));
    check("add capture=true", () => t.addEventListener("x", (e) => log("capture listener, phase", e.eventPhase), true));
    check("add {capture: true}", () => t.addEventListener("x", (e) => log("capture listener 2, phase", e.eventPhase), { capture: true }));
    check("dispatch", () => t.dispatchEvent(new Event("x")));
    return done();
  },
};
