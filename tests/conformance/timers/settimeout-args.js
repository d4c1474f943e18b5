export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const got = await new Promise((resolve) => setTimeout((a, b, c) => resolve([a, b, c]), 1, "x", 2, { y: 3 }));
    check("args", () => got);
    const none = await new Promise((resolve) => setTimeout((...a) => resolve(a.length), 1));
    check("no extra args", () => none);
    return done();
  },
};
