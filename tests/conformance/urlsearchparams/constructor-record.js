export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("object", () => [...new URLSearchParams({ b: "2", a: "1" })]);
    check("non-string values", () => [...new URLSearchParams({ n: 1, t: true, u: undefined, z: null, o: {} })]);
    check("empty object", () => [...new URLSearchParams({})]);
    check("symbol key ignored", () => [...new URLSearchParams({ [Symbol("s")]: "x", k: "v" })]);
    return done();
  },
};
