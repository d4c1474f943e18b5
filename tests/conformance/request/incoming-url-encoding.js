// request: GET /caf%C3%A9/a%20b?q=%E2%9C%93+x&r=1
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL(request.url);
    check("url", () => request.url);
    check("pathname", () => u.pathname);
    check("decoded path", () => decodeURIComponent(u.pathname));
    check("q", () => u.searchParams.get("q"));
    check("hash", () => u.hash);
    return done();
  },
};
