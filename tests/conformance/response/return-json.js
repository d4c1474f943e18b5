export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    return Response.json({ ok: true, list: [1, "two", null], nested: { x: 1.5 } });
    return done();
  },
};
