export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => order.push("neg"), -100);
      setTimeout(() => order.push("nan"), NaN);
      setTimeout(() => order.push("string-5"), "5");
      setTimeout(() => order.push("undefined"), undefined);
      setTimeout(() => order.push("2"), 2);
      setTimeout(resolve, 30);
    });
    check("order", () => order);
    return done();
  },
};
