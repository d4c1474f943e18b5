export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const m of ["", "a b", "GET\n", "g@t", "(x)"]) {
      check(JSON.stringify(m), () => new Request("https://example.com/", { method: m }).method);
    }
    return done();
  },
};
