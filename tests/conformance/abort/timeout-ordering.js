export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = AbortSignal.timeout(30);
    const b = AbortSignal.timeout(10);
    a.onabort = () => log("30ms signal");
    b.onabort = () => log("10ms signal");
    setTimeout(() => log("20ms timer"), 20);
    await new Promise((r) => setTimeout(r, 60));
    log("done");
    return done();
  },
};
