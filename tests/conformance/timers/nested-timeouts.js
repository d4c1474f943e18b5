export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => {
        order.push("outer1");
        setTimeout(() => { order.push("inner1"); }, 0);
        Promise.resolve().then(() => order.push("micro-in-outer1"));
      }, 0);
      setTimeout(() => {
        order.push("outer2");
        setTimeout(() => { order.push("inner2"); setTimeout(resolve, 0); }, 0);
      }, 0);
    });
    check("order", () => order);
    return done();
  },
};
