export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Request("https://example.com/path?q=1#frag");
    check("method", () => r.method);
    check("url", () => r.url);
    check("headers", () => [...r.headers]);
    check("body", () => r.body);
    check("bodyUsed", () => r.bodyUsed);
    check("redirect", () => r.redirect);
    check("instanceof", () => r instanceof Request);
    return done();
  },
};
