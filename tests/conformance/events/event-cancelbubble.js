export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    t.addEventListener("x", (e) => { e.cancelBubble = true; log("first"); });
    t.addEventListener("x", (e) => { log("second, cancelBubble:", e.cancelBubble); e.cancelBubble = false; log("set false:", e.cancelBubble); });
    t.dispatchEvent(new Event("x"));
    const e = new Event("y");
    e.cancelBubble = true;
    check("set before dispatch", () => e.cancelBubble);
    return done();
  },
};
