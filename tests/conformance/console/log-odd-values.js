export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const cyclic = { name: "c" };
    cyclic.self = cyclic;
    check("cyclic", () => console.log(cyclic));
    check("symbol", () => console.log(Symbol("s")));
    check("bigint", () => console.log(10n));
    check("undefined and null", () => console.log(undefined, null));
    check("no args", () => console.log());
    check("format string", () => console.log("%s is %d", "x", 5));
    check("error", () => console.error(new Error("logged")));
    check("function", () => console.log(function f() {}));
    check("map/set", () => console.log(new Map([[1, 2]]), new Set([1])));
    check("headers", () => console.log(new Headers({ a: "1" })));
    check("request", () => console.log(request));
    return done();
  },
};
