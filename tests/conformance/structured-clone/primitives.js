export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const v of [1, -0, NaN, Infinity, "str", "", true, false, null, undefined, 10n, -(2n ** 70n)]) {
      check(show(v), () => structuredClone(v));
    }
    check("-0 preserved", () => Object.is(structuredClone(-0), -0));
    return done();
  },
};
