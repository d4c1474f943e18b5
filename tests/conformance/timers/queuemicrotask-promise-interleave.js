export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    Promise.resolve().then(() => {
      order.push("p1");
      queueMicrotask(() => order.push("q-from-p1"));
    }).then(() => order.push("p1-then"));
    queueMicrotask(() => {
      order.push("q1");
      Promise.resolve().then(() => order.push("p-from-q1"));
    });
    Promise.resolve().then(() => order.push("p2"));
    await new Promise((r) => setTimeout(r, 0));
    check("order", () => order);
    return done();
  },
};
