export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    check("add {}", () => t.addEventListener("x", {}));
    t.addEventListener("x", () => log("after object without handleEvent"));
    let r;
    try { r = "returned " + t.dispatchEvent(new Event("x")); } catch (e) { r = "threw " + e.name; }
    log("dispatchEvent:", r);
    return done();
  },
};
