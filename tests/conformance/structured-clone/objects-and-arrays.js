export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const o = { a: 1, b: { c: [1, 2, { d: "x" }] }, e: null, u: undefined };
    const c = structuredClone(o);
    check("deep equal", () => c);
    check("distinct", () => c !== o && c.b !== o.b && c.b.c !== o.b.c);
    check("undefined key kept", () => "u" in c);
    check("sparse array", () => { const a = [1, , 3]; a.length = 5; const b = structuredClone(a); return [b.length, 1 in b, b[2]]; });
    check("array extra props", () => { const a = [1]; a.extra = "x"; return structuredClone(a).extra; });
    check("key order", () => Object.keys(structuredClone({ z: 1, a: 2, 1: 3, 0: 4 })));
    return done();
  },
};
