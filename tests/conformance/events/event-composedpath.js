export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    const e = new Event("x");
    check("before", () => e.composedPath());
    t.addEventListener("x", (ev) => {
      const p = ev.composedPath();
      log("during length:", p.length);
      log("during is target:", p[0] === t);
    });
    t.dispatchEvent(e);
    check("after", () => e.composedPath());
    return done();
  },
};
