export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    const a = () => log("a");
    const b = () => log("b");
    const c = () => log("c");
    t.addEventListener("x", a);
    t.addEventListener("x", b);
    t.removeEventListener("x", a);
    t.dispatchEvent(new Event("x"));
    log("--");
    t.removeEventListener("x", b);
    check("remove unknown", () => t.removeEventListener("x", c));
    check("remove null", () => t.removeEventListener("x", null));
    t.dispatchEvent(new Event("x"));
    log("-- removing during dispatch");
    t.addEventListener("y", () => { log("first removes second, adds third"); t.removeEventListener("y", b); t.addEventListener("y", c); });
    t.addEventListener("y", b);
    t.dispatchEvent(new Event("y"));
    log("-- next dispatch");
    t.dispatchEvent(new Event("y"));
    return done();
  },
};
