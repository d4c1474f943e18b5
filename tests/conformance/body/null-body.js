export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response(null);
    check("body", () => r.body);
    log("text:", JSON.stringify(await r.text()));
    check("bodyUsed after text", () => r.bodyUsed);
    log("text again:", JSON.stringify(await r.text()));
    log("arrayBuffer:", await r.arrayBuffer());
    check("content-type", () => r.headers.get("content-type"));
    return done();
  },
};
