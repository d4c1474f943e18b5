export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = Response.redirect("https://example.com/");
    check("set", () => r.headers.set("x", "1"));
    check("location", () => r.headers.get("location"));
    return done();
  },
};
