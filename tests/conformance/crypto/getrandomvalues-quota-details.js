export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    try { crypto.getRandomValues(new Uint8Array(70000)); } catch (e) {
      log("name:", e.name);
      log("instanceof DOMException:", e instanceof DOMException);
      log("code:", e.code);
    }
    return done();
  },
};
