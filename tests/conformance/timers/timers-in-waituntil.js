export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    await new Promise((resolve) => {
      ctx.waitUntil(new Promise((r) => setTimeout(() => { order.push("waitUntil timer"); r(); }, 5)));
      setTimeout(() => { order.push("handler timer"); resolve(); }, 10);
    });
    check("order", () => order);
    return done();
  },
};
