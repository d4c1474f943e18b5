export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("abc");
    check("before", () => r.bodyUsed);
    const p = r.text();
    check("during", () => r.bodyUsed);
    log("value:", await p);
    check("after", () => r.bodyUsed);
    const e = new Response("");
    await e.text();
    check("empty string body used", () => e.bodyUsed);
    return done();
  },
};
