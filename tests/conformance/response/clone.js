export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("body text", { status: 201, statusText: "Made", headers: { "x-a": "1" } });
    const c = r.clone();
    check("status", () => [c.status, c.statusText, c.ok]);
    check("headers distinct", () => c.headers !== r.headers);
    c.headers.set("x-a", "2");
    check("orig header", () => r.headers.get("x-a"));
    log("clone text:", await c.text());
    log("orig text:", await r.text());
    check("clone after use", () => r.clone());
    check("clone null body", () => new Response(null).clone().body);
    return done();
  },
};
