export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Request("https://example.com/c", { method: "POST", body: "payload", headers: { "x-h": "v" } });
    const c = r.clone();
    check("method", () => c.method);
    check("url", () => c.url);
    check("header", () => c.headers.get("x-h"));
    check("headers distinct", () => c.headers !== r.headers);
    log("clone text:", await c.text());
    log("orig text:", await r.text());
    check("clone used", () => r.clone());
    return done();
  },
};
