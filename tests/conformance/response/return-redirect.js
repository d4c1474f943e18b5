export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    return Response.redirect("https://example.com/elsewhere", 301);
    return done();
  },
};
