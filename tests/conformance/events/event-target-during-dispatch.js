export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    const e = new Event("go");
    t.addEventListener("go", (ev) => {
      log("same event:", ev === e);
      log("target:", ev.target === t);
      log("currentTarget:", ev.currentTarget === t);
      log("srcElement:", ev.srcElement === t);
      log("eventPhase:", ev.eventPhase);
    });
    t.dispatchEvent(e);
    check("target after", () => e.target === t);
    check("currentTarget after", () => e.currentTarget);
    check("eventPhase after", () => e.eventPhase);
    return done();
  },
};
