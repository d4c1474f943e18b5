export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    try { atob("*"); } catch (e) {
      log("name:", e.name);
      log("instanceof DOMException:", e instanceof DOMException);
      log("instanceof Error:", e instanceof Error);
      log("code:", e.code);
    }
    check("no args", () => atob());
    return done();
  },
};
