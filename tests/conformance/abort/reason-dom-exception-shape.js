export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    c.abort();
    const r = c.signal.reason;
    check("name", () => r.name);
    check("code", () => r.code);
    check("ABORT_ERR", () => r.code === DOMException.ABORT_ERR);
    check("instanceof Error", () => r instanceof Error);
    check("toString", () => String(r));
    const t = AbortSignal.timeout(1);
    await new Promise((res) => setTimeout(res, 20));
    check("timeout code", () => t.reason.code === DOMException.TIMEOUT_ERR);
    check("timeout toString", () => String(t.reason));
    return done();
  },
};
