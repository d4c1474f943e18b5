export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("typeof console", () => typeof console);
    check("log typeof", () => typeof console.log);
    const log2 = console.log;
    check("detached call", () => log2("detached"));
    check("bound call", () => console.log.call(null, "bound"));
    await Promise.resolve().then(() => console.log("in microtask"));
    check("still alive", () => true);
    return done();
  },
};
