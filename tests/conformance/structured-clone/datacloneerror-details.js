export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    try { structuredClone(() => 1); } catch (e) {
      log("name:", e.name);
      log("instanceof DOMException:", e instanceof DOMException);
      log("code:", e.code);
      log("DATA_CLONE_ERR:", DOMException.DATA_CLONE_ERR);
    }
    check("no args", () => structuredClone());
    return done();
  },
};
