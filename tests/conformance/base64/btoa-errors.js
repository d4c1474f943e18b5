export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of ["\u0100", "\u20ac", "caf\u00e9\u2713", "\u{1f600}", "\ud800"]) {
      checkMsg(JSON.stringify(s), () => btoa(s));
    }
    try { btoa("\u0100"); } catch (e) {
      log("instanceof DOMException:", e instanceof DOMException);
      log("code:", e.code);
    }
    return done();
  },
};
