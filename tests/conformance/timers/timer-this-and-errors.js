export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const thisVal = await new Promise((resolve) => setTimeout(function () { resolve(this === undefined ? "undefined" : this === globalThis ? "globalThis" : typeof this); }, 0));
    check("this in callback", () => thisVal);
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => order.push("before"), 1);
      setTimeout(() => order.push("after"), 3);
      setTimeout(resolve, 10);
    });
    check("order", () => order);
    return done();
  },
};
