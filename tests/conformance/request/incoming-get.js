// request: GET /some/path?x=1&y=two
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL(request.url);
    check("method", () => request.method);
    check("url", () => request.url);
    check("pathname", () => u.pathname);
    check("search", () => u.search);
    check("x", () => u.searchParams.get("x"));
    check("body", () => request.body);
    check("bodyUsed", () => request.bodyUsed);
    check("host header", () => request.headers.get("host"));
    check("instanceof Request", () => request instanceof Request);
    return done();
  },
};
