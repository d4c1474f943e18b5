export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("hello \u00e9 \u{1f600}");
    log("text:", await r.text());
    check("bodyUsed", () => r.bodyUsed);
    return done();
  },
};
