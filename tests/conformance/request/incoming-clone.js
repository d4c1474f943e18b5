// request: POST /clone
// body: twice
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = request.clone();
    log("clone:", await c.text());
    log("orig:", await request.text());
    check("both used", () => [c.bodyUsed, request.bodyUsed]);
    return done();
  },
};
