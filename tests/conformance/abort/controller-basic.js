export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    const s = c.signal;
    check("same signal", () => c.signal === s);
    check("instanceof", () => s instanceof AbortSignal);
    check("aborted", () => s.aborted);
    check("reason", () => s.reason);
    check("abort returns", () => c.abort());
    check("aborted after", () => s.aborted);
    check("reason is DOMException", () => s.reason instanceof DOMException);
    check("reason name", () => s.reason.name);
    check("reason code", () => s.reason.code);
    check("reason message", () => s.reason.message);
    return done();
  },
};
