export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    class Point { constructor() { this.x = 1; this.y = 2; } get sum() { return this.x + this.y; } }
    const c = structuredClone(new Point());
    check("value", () => c);
    check("not instance", () => c instanceof Point);
    check("plain proto", () => Object.getPrototypeOf(c) === Object.prototype);
    const withGetter = { get g() { return "computed"; } };
    check("getter invoked", () => Object.getOwnPropertyDescriptor(structuredClone(withGetter), "g"));
    const nonEnum = Object.defineProperty({ v: 1 }, "hidden", { value: 2, enumerable: false });
    check("non-enumerable dropped", () => Object.getOwnPropertyNames(structuredClone(nonEnum)));
    check("symbol keys dropped", () => Object.getOwnPropertySymbols(structuredClone({ [Symbol("k")]: 1 })).length);
    check("null proto", () => Object.getPrototypeOf(structuredClone(Object.create(null))) === Object.prototype);
    return done();
  },
};
