export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("new AbortSignal", () => new AbortSignal());
    check("AbortSignal()", () => AbortSignal());
    check("AbortController()", () => AbortController());
    check("getter wrong this", () => Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get.call({}));
    check("abort wrong this", () => AbortController.prototype.abort.call({}));
    check("signal wrong this", () => Object.getOwnPropertyDescriptor(AbortController.prototype, "signal").get.call({}));
    return done();
  },
};
