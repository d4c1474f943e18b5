export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    const f = () => log("f");
    check("add capture", () => t.addEventListener("x", f, { capture: true }));
    check("add bubble", () => t.addEventListener("x", f));
    t.dispatchEvent(new Event("x"));
    log("remove capture only:");
    check("remove", () => t.removeEventListener("x", f, true));
    t.dispatchEvent(new Event("x"));
    return done();
  },
};
