export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("thrown by abort", () => { const c = new AbortController(); c.abort(); return [c.signal.reason instanceof DOMException, c.signal.reason.name, c.signal.reason.code]; });
    return done();
  },
};
