export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("cloned body", { status: 202 });
    const c = r.clone();
    await r.text();
    return c;
    return done();
  },
};
