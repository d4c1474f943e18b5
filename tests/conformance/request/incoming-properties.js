export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("redirect", () => request.redirect);
    check("signal", () => typeof request.signal);
    check("keys of Request.prototype include", () => ["method", "url", "headers", "body", "bodyUsed", "clone", "text", "json", "arrayBuffer"].every((k) => k in request));
    return done();
  },
};
