export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const reasons = [["string", "why"], ["number", 0], ["null", null], ["false", false]];
    for (const [label, r] of reasons) {
      const c = new AbortController();
      c.abort(r);
      check(label, () => c.signal.reason);
    }
    const obj = { code: 1 };
    const c = new AbortController();
    c.abort(obj);
    check("object identity", () => c.signal.reason === obj);
    const e = new Error("custom");
    const c2 = new AbortController();
    c2.abort(e);
    check("error identity", () => c2.signal.reason === e);
    const c3 = new AbortController();
    c3.abort(undefined);
    check("undefined gives AbortError", () => c3.signal.reason.name);
    return done();
  },
};
