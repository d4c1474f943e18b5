export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const root = new AbortController();
    const other = new AbortController();
    const inner = AbortSignal.any([root.signal]);
    const outer = AbortSignal.any([inner, other.signal]);
    inner.onabort = () => log("inner aborted, outer aborted:", outer.aborted);
    outer.onabort = () => log("outer aborted, reason:", outer.reason);
    root.signal.onabort = () => log("root aborted, inner aborted:", inner.aborted, "outer aborted:", outer.aborted);
    root.abort("root reason");
    check("inner reason", () => inner.reason);
    check("outer reason", () => outer.reason);
    return done();
  },
};
