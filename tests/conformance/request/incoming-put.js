// request: PUT /item/8
// body: new contents
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("method", () => request.method);
    log("text:", await request.text());
    return done();
  },
};
