export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    return new Response("<h1>hi</h1>", { headers: { "Content-Type": "text/html; charset=utf-8" } });
    return done();
  },
};
