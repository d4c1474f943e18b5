export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response();
    check("status", () => r.status);
    check("statusText", () => r.statusText);
    check("ok", () => r.ok);
    check("body", () => r.body);
    check("bodyUsed", () => r.bodyUsed);
    check("headers", () => [...r.headers]);
    check("type", () => r.type);
    check("url", () => r.url);
    check("redirected", () => r.redirected);
    log("text:", await r.text());
    return done();
  },
};
