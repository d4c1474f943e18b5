export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    c.signal.addEventListener("abort", () => log("once listener"), { once: true });
    c.signal.dispatchEvent(new Event("abort"));
    c.abort();
    log("done");
    return done();
  },
};
