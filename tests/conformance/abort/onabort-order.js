export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    const s = c.signal;
    s.addEventListener("abort", () => log("listener 1"));
    s.onabort = () => log("onabort (first version)");
    s.addEventListener("abort", () => log("listener 2"));
    s.onabort = () => log("onabort (replaced keeps position)");
    c.abort();
    return done();
  },
};
