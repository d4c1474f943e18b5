export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("typeof ctx", () => typeof ctx);
    check("waitUntil", () => typeof ctx.waitUntil);
    check("passThroughOnException", () => typeof ctx.passThroughOnException);
    check("waitUntil returns", () => ctx.waitUntil(Promise.resolve()));
    check("waitUntil with timer promise", () => ctx.waitUntil(new Promise((r) => setTimeout(r, 5))));
    return done();
  },
};
