export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    await new Promise((resolve) => {
      const a = setTimeout(() => order.push("a"), 5);
      setTimeout(() => order.push("b"), 5);
      clearTimeout(a);
      const c = setTimeout(() => order.push("c"), 10);
      setTimeout(() => clearTimeout(c), 1);
      setTimeout(resolve, 20);
    });
    check("fired", () => order);
    check("clear undefined", () => clearTimeout(undefined));
    check("clear bogus id", () => clearTimeout(987654));
    check("clear no args", () => clearTimeout());
    check("clear string", () => clearTimeout("abc"));
    return done();
  },
};
