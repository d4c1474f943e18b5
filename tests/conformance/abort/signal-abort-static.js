export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = AbortSignal.abort();
    check("aborted", () => s.aborted);
    check("reason name", () => s.reason.name);
    check("reason message", () => s.reason.message);
    check("with reason", () => AbortSignal.abort("x").reason);
    check("null reason", () => AbortSignal.abort(null).reason);
    check("instanceof", () => s instanceof AbortSignal);
    check("distinct", () => AbortSignal.abort() !== AbortSignal.abort());
    check("distinct reasons", () => AbortSignal.abort().reason !== AbortSignal.abort().reason);
    return done();
  },
};
