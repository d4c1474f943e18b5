export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers({ "x-a": "1", "content-type": "text/custom" });
    const r = Response.json({ k: 1 }, { headers: h });
    check("content-type kept", () => r.headers.get("content-type"));
    check("x-a", () => r.headers.get("x-a"));
    check("source not mutated", () => [...h]);
    log("text:", await r.text());
    return done();
  },
};
