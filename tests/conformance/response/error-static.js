export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("typeof", () => typeof Response.error);
    const r = Response.error();
    check("type", () => r.type);
    check("status", () => r.status);
    check("statusText", () => r.statusText);
    check("ok", () => r.ok);
    check("body", () => r.body);
    check("headers", () => [...r.headers]);
    return done();
  },
};
