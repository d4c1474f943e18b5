export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    await new Promise((resolve) => {
      for (let i = 0; i < 5; i++) setTimeout(() => order.push(i), 5);
      setTimeout(resolve, 20);
    });
    check("order", () => order);
    return done();
  },
};
