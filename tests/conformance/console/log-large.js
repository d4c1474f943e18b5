export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("large string", () => console.log("x".repeat(100000)));
    check("many args", () => console.log(...Array.from({ length: 200 }, (_, i) => i)));
    check("deep object", () => { let o = {}; const root = o; for (let i = 0; i < 50; i++) { o.n = {}; o = o.n; } return console.log(root); });
    return done();
  },
};
