export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("call returns", () => ctx.passThroughOnException());
    return done();
  },
};
