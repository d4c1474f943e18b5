export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("typeof env", () => typeof env);
    check("not null", () => env !== null);
    check("keys", () => Object.keys(env));
    check("missing binding", () => env.NOPE);
    return done();
  },
};
