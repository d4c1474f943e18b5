export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let a = 0, b = 0;
    const i = setInterval(() => a++, 1);
    clearTimeout(i);
    const t = setTimeout(() => b++, 1);
    clearInterval(t);
    await new Promise((r) => setTimeout(r, 10));
    check("interval cleared by clearTimeout", () => a);
    check("timeout cleared by clearInterval", () => b);
    return done();
  },
};
