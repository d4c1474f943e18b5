export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    return new Response("teapot", { status: 418, headers: { "content-type": "text/x-tea" } });
    return done();
  },
};
