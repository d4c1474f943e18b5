export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    const s = AbortSignal.any([c.signal, AbortSignal.timeout(10)]);
    await new Promise((r) => setTimeout(r, 40));
    check("aborted", () => s.aborted);
    check("reason name", () => s.reason.name);
    check("controller untouched", () => c.signal.aborted);
    return done();
  },
};
