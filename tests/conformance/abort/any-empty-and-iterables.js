export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = AbortSignal.any([]);
    check("empty aborted", () => s.aborted);
    const c = new AbortController();
    let fromSet, fromGen;
    check("from Set", () => { fromSet = AbortSignal.any(new Set([c.signal])); return fromSet.aborted; });
    check("from generator", () => { fromGen = AbortSignal.any((function* () { yield c.signal; })()); return fromGen.aborted; });
    c.abort("x");
    check("set", () => fromSet.reason);
    check("generator", () => fromGen.reason);
    const dup = new AbortController();
    const d = AbortSignal.any([dup.signal, dup.signal]);
    let n = 0;
    d.onabort = () => n++;
    dup.abort();
    check("duplicate source, events", () => n);
    return done();
  },
};
