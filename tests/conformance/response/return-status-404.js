export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    return new Response("not here", { status: 404 });
    return done();
  },
};
