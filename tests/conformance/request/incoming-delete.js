// request: DELETE /item/7
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("method", () => request.method);
    check("pathname", () => new URL(request.url).pathname);
    check("body", () => request.body);
    return done();
  },
};
