export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = Response.json({ a: 1, b: [true, null], s: "\u00e9" });
    check("status", () => r.status);
    check("content-type", () => r.headers.get("content-type"));
    log("text:", await r.text());
    const r2 = Response.json([1, 2], { status: 201, statusText: "Created", headers: { "x-a": "1" } });
    check("init", () => [r2.status, r2.statusText, r2.headers.get("x-a"), r2.headers.get("content-type")]);
    const r3 = Response.json("str", { headers: { "content-type": "application/vnd.api+json" } });
    check("explicit content-type", () => r3.headers.get("content-type"));
    log("string body:", await r3.text());
    log("null body:", await Response.json(null).text());
    log("number body:", await Response.json(1.5).text());
    return done();
  },
};
