export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("negative", () => AbortSignal.timeout(-1));
    check("NaN", () => AbortSignal.timeout(NaN));
    check("Infinity", () => AbortSignal.timeout(Infinity));
    check("no args", () => AbortSignal.timeout());
    check("string number", () => AbortSignal.timeout("20").aborted);
    check("zero", () => AbortSignal.timeout(0).aborted);
    check("fraction", () => AbortSignal.timeout(1.5).aborted);
    check("undefined", () => AbortSignal.timeout(undefined));
    return done();
  },
};
