export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("shared");
    const c = r.clone();
    log("orig:", await r.text());
    check("clone bodyUsed", () => c.bodyUsed);
    log("clone:", await c.arrayBuffer());
    check("clone of used", () => r.clone());
    return done();
  },
};
