export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    const p = Promise.resolve();
    p.then(() => order.push("a1")).then(() => order.push("a2")).then(() => order.push("a3"));
    p.then(() => order.push("b1")).then(() => order.push("b2"));
    queueMicrotask(() => order.push("q"));
    await new Promise((r) => setTimeout(r, 0));
    check("order", () => order);
    return done();
  },
};
