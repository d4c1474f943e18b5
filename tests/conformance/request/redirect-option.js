export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const v of ["follow", "manual", "error", "bogus"]) {
      check(v, () => new Request("https://example.com/", { redirect: v }).redirect);
    }
    return done();
  },
};
