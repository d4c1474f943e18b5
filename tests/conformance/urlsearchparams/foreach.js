export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("x=1&y=2");
    const seen = [];
    const t = {};
    p.forEach(function (v, k, obj) { seen.push([v, k, obj === p, this === t]); }, t);
    check("seen", () => seen);
    check("non-function", () => p.forEach(null));
    return done();
  },
};
