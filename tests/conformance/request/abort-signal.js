export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    const r = new Request("https://example.com/", { signal: c.signal });
    check("aborted before", () => r.signal.aborted);
    c.abort();
    check("aborted after", () => r.signal.aborted);
    check("reason name", () => r.signal.reason && r.signal.reason.name);
    check("null signal", () => new Request("https://example.com/", { signal: null }).signal instanceof AbortSignal);
    check("bad signal", () => new Request("https://example.com/", { signal: {} }));
    return done();
  },
};
