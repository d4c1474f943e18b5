export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    try { crypto.getRandomValues(new Float32Array(1)); } catch (e) {
      log("name:", e.name);
      log("instanceof DOMException:", e instanceof DOMException);
      log("instanceof TypeError:", e instanceof TypeError);
    }
    return done();
  },
};
