export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    return new Response(new URLSearchParams({ a: "1 2", b: "\u00e9" }));
    return done();
  },
};
