export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("null", () => [...atob(null)].map((c) => c.charCodeAt(0)));
    check("undefined", () => atob(undefined));
    check("number", () => [...atob(1234)].map((c) => c.charCodeAt(0)));
    return done();
  },
};
