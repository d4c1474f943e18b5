export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = AbortSignal.timeout(10);
    check("aborted at first", () => s.aborted);
    check("reason at first", () => s.reason);
    const fired = new Promise((resolve) => s.addEventListener("abort", () => { log("abort event"); resolve(); }));
    await new Promise((r) => setTimeout(r, 40));
    await fired;
    check("aborted later", () => s.aborted);
    check("reason is DOMException", () => s.reason instanceof DOMException);
    check("reason name", () => s.reason.name);
    check("reason code", () => s.reason.code);
    check("reason message", () => s.reason.message);
    return done();
  },
};
