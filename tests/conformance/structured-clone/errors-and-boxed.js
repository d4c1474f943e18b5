export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const e = structuredClone(new RangeError("bad range"));
    check("error", () => [e instanceof RangeError, e.name, e.message]);
    check("plain Error", () => { const x = structuredClone(new Error("m")); return [x instanceof Error, x.name, x.message]; });
    check("TypeError", () => { const x = structuredClone(new TypeError("t")); return [x.constructor.name, x.message]; });
    check("boxed number", () => { const x = structuredClone(new Number(5)); return [typeof x, x.valueOf()]; });
    check("boxed string", () => { const x = structuredClone(new String("s")); return [typeof x, x.valueOf()]; });
    check("boxed boolean", () => { const x = structuredClone(new Boolean(false)); return [typeof x, x.valueOf()]; });
    return done();
  },
};
