// request: GET /?a=1&a=2&b=&c=%20x+y&d
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL(request.url);
    check("url", () => request.url);
    check("params", () => [...u.searchParams]);
    return done();
  },
};
