export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers([["X-A", "1"], ["x-b", "2"], ["x-a", "3"]]);
    check("entries", () => [...h]);
    check("bad pair 1", () => new Headers([["only-name"]]));
    check("bad pair 3", () => new Headers([["a", "b", "c"]]));
    check("not iterable pair", () => new Headers([1]));
    check("empty array", () => [...new Headers([])]);
    return done();
  },
};
