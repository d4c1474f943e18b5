export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = await new Promise((resolve) => setTimeout(() => resolve(console.log("from timer")), 0));
    check("timer log", () => r);
    const m = await Promise.resolve().then(() => console.info("from microtask"));
    check("microtask log", () => m);
    check("waitUntil log", () => ctx.waitUntil(Promise.resolve().then(() => console.log("from waitUntil"))));
    return done();
  },
};
