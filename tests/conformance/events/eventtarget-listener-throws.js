export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    t.addEventListener("x", () => log("first"));
    t.addEventListener("x", () => { log("second throws"); throw new Error("boom"); });
    t.addEventListener("x", () => log("third still runs"));
    let r;
    try { r = "returned " + t.dispatchEvent(new Event("x")); } catch (e) { r = "threw " + e.message; }
    log("dispatchEvent:", r);
    return done();
  },
};
