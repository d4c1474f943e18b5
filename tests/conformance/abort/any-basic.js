export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = new AbortController();
    const b = new AbortController();
    const any = AbortSignal.any([a.signal, b.signal]);
    check("instanceof", () => any instanceof AbortSignal);
    check("distinct", () => any !== a.signal && any !== b.signal);
    check("aborted", () => any.aborted);
    any.addEventListener("abort", () => log("any abort event, reason:", any.reason));
    b.abort("from b");
    check("aborted after", () => any.aborted);
    check("reason", () => any.reason);
    a.abort("from a");
    check("reason unchanged", () => any.reason);
    return done();
  },
};
