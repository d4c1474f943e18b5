export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let later = "not yet";
    ctx.waitUntil(new Promise((r) => setTimeout(() => { later = "done"; r(); }, 50)));
    check("response before waitUntil settles", () => later);
    return done();
  },
};
