export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("x=1&y=2&x=3&z=4&x=5");
    p.set("x", "new");
    check("toString", () => p.toString());
    check("entries", () => [...p]);
    return done();
  },
};
