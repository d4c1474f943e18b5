export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => { order.push("timeout"); resolve(); }, 0);
      queueMicrotask(() => order.push("microtask1"));
      Promise.resolve().then(() => order.push("promise1"));
      queueMicrotask(() => order.push("microtask2"));
      order.push("sync");
    });
    check("order", () => order);
    return done();
  },
};
