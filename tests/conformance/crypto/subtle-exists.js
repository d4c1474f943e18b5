export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("typeof subtle", () => typeof crypto.subtle);
    return done();
  },
};
