export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    t.addEventListener("x", (e) => { log("first"); e.stopPropagation(); log("cancelBubble:", e.cancelBubble); });
    t.addEventListener("x", () => log("second (same target still runs)"));
    const e = new Event("x");
    t.dispatchEvent(e);
    check("cancelBubble after dispatch", () => e.cancelBubble);
    return done();
  },
};
