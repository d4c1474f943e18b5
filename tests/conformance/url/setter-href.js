export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL("http://a/b?c#d");
    u.href = "https://x.org/y";
    check("after set", () => [u.href, u.host, u.pathname]);
    check("invalid", () => { u.href = "not a url"; });
    check("unchanged", () => u.href);
    check("relative", () => { u.href = "/rel"; });
    return done();
  },
};
