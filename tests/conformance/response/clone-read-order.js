export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("abc");
    const a = r.clone();
    const b = r.clone();
    log("b:", await b.text());
    log("r:", await r.text());
    log("a:", await a.text());
    return done();
  },
};
