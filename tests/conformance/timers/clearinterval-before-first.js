export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let fired = 0;
    const id = setInterval(() => fired++, 1);
    clearInterval(id);
    await new Promise((r) => setTimeout(r, 10));
    check("fired", () => fired);
    return done();
  },
};
