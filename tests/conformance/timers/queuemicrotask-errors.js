export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("non-function", () => queueMicrotask(1));
    check("no args", () => queueMicrotask());
    check("returns", () => queueMicrotask(() => {}));
    check("string", () => queueMicrotask("1+1"));
    return done();
  },
};
