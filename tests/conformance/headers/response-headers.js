export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("x", { headers: { "X-Custom": "v" } });
    check("content-type", () => r.headers.get("content-type"));
    check("custom", () => r.headers.get("x-custom"));
    r.headers.set("x-later", "1");
    check("mutable", () => r.headers.get("x-later"));
    check("same object", () => r.headers === r.headers);
    const r2 = new Response("x", { headers: { "Content-Type": "application/custom" } });
    check("explicit content-type", () => r2.headers.get("content-type"));
    return done();
  },
};
