export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const base = new Request("https://example.com/a", { method: "POST", body: "orig" });
    const r = new Request(base, { body: "replaced" });
    log("text:", await r.text());
    check("base bodyUsed", () => base.bodyUsed);
    log("base text:", await base.text());
    return done();
  },
};
