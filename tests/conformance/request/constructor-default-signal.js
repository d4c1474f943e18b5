export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Request("https://example.com/path?q=1#frag");
    check("signal is AbortSignal", () => r.signal instanceof AbortSignal);
    check("signal aborted", () => r.signal.aborted);
    return done();
  },
};
