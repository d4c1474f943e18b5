export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response(undefined);
    check("body", () => r.body);
    log("text:", JSON.stringify(await r.text()));
    const r2 = new Response();
    check("no-arg body", () => r2.body);
    return done();
  },
};
