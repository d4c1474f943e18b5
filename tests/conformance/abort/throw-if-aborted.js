export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    check("not aborted", () => c.signal.throwIfAborted());
    c.abort("stop");
    try { c.signal.throwIfAborted(); log("no throw"); } catch (e) { log("threw reason:", e); }
    const d = new AbortController();
    d.abort();
    check("default reason", () => d.signal.throwIfAborted());
    try { AbortSignal.abort(42).throwIfAborted(); } catch (e) { log("threw number:", e); }
    return done();
  },
};
