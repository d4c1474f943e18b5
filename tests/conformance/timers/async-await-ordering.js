export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const order = [];
    async function a() { order.push("a-start"); await null; order.push("a-after-await"); }
    const p = a();
    order.push("after-call");
    queueMicrotask(() => order.push("micro"));
    await p;
    order.push("awaited");
    await new Promise((r) => setTimeout(r, 0));
    order.push("after-timeout");
    check("order", () => order);
    return done();
  },
};
