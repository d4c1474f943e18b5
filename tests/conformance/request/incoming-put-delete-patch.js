// request: PATCH /item/7
// body: {"op":"replace"}
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("method", () => request.method);
    log("text:", await request.text());
    return done();
  },
};
