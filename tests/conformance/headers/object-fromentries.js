export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers([["Content-Type", "text/plain"], ["X-A", "1"], ["x-a", "2"]]);
    check("fromEntries", () => Object.fromEntries(h));
    check("size via spread", () => [...h].length);
    check("instanceof", () => h instanceof Headers);
    return done();
  },
};
