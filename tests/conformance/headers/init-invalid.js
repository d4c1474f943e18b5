export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("undefined", () => [...new Headers(undefined)]);
    check("null", () => new Headers(null));
    check("number", () => new Headers(5));
    check("string", () => new Headers("a: b"));
    check("no new", () => Headers());
    return done();
  },
};
