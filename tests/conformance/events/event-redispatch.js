export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    let count = 0;
    let inner;
    t.addEventListener("x", (e) => {
      count++;
      if (count === 1) {
        try { t.dispatchEvent(e); inner = "no throw"; } catch (err) { inner = err.name + " " + (err instanceof DOMException); }
      }
    });
    const e = new Event("x");
    t.dispatchEvent(e);
    check("nested dispatch", () => inner);
    t.dispatchEvent(e);
    check("count after second dispatch", () => count);
    const other = new EventTarget();
    other.addEventListener("x", (ev) => log("other target:", ev.target === other));
    other.dispatchEvent(e);
    return done();
  },
};
