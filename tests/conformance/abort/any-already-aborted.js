export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = new AbortController();
    const b = new AbortController();
    b.abort("b first");
    a.abort("a second");
    const s = AbortSignal.any([a.signal, b.signal]);
    check("aborted", () => s.aborted);
    check("reason is first in list", () => s.reason);
    const t = AbortSignal.any([new AbortController().signal, AbortSignal.abort("static")]);
    check("static", () => t.reason);
    return done();
  },
};
