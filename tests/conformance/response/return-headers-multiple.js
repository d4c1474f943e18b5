export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers({ "content-type": "text/plain" });
    h.append("x-multi", "a");
    h.append("x-multi", "b");
    return new Response("multi headers", { headers: h });
    return done();
  },
};
