export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const value = { s: "\u00e9\u{1f600}", n: -0.5, arr: [1, [2, [3]]], t: true, z: null };
    const r = Response.json(value);
    const back = await r.json();
    check("equal", () => JSON.stringify(back) === JSON.stringify(value));
    check("back", () => back);
    check("bodyUsed", () => r.bodyUsed);
    return done();
  },
};
