export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    await new Promise((resolve) => {
      let n = 0;
      const id = setInterval(() => { order.push("i" + (++n)); if (n === 3) clearInterval(id); }, 10);
      setTimeout(() => order.push("t15"), 15);
      setTimeout(() => { order.push("t50"); resolve(); }, 50);
    });
    check("order", () => order);
    return done();
  },
};
