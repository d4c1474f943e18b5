export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers({ "X-One": "1", "x-two": 2, three: true, Four: null, five: undefined });
    check("entries", () => [...h]);
    return done();
  },
};
