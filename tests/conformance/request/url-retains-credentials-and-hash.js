export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Request("https://user:pw@example.com:8443/p?q=1#h");
    check("url", () => r.url);
    check("clone url", () => r.clone().url);
    check("new Request(r) url", () => new Request(r).url);
    return done();
  },
};
