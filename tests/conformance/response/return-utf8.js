export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    return new Response("caf\u00e9 \u2713 \u{1f600}\n");
    return done();
  },
};
