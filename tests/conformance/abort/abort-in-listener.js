export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    c.signal.addEventListener("abort", () => { log("listener, aborting again"); c.abort("again"); log("reason:", c.signal.reason); });
    c.signal.addEventListener("abort", () => log("second listener"));
    c.abort("first");
    log("done");
    return done();
  },
};
