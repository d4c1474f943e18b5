export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => order.push("30"), 30);
      setTimeout(() => order.push("10"), 10);
      setTimeout(() => order.push("0"), 0);
      setTimeout(() => order.push("20"), 20);
      setTimeout(() => { order.push("40"); resolve(); }, 40);
    });
    check("order", () => order);
    return done();
  },
};
