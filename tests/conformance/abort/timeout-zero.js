export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = AbortSignal.timeout(0);
    check("sync", () => s.aborted);
    await Promise.resolve();
    check("after microtask", () => s.aborted);
    await new Promise((r) => setTimeout(r, 10));
    check("after timer", () => s.aborted);
    check("name", () => s.reason.name);
    return done();
  },
};
