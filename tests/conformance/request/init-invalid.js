export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("no args", () => new Request());
    check("no new", () => Request("https://example.com/"));
    check("init null", () => new Request("https://example.com/", null).method);
    check("init number", () => new Request("https://example.com/", 5));
    check("headers invalid", () => new Request("https://example.com/", { headers: 5 }));
    return done();
  },
};
