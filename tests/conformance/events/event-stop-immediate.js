export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    t.addEventListener("x", () => log("first"));
    t.addEventListener("x", (e) => { log("second"); e.stopImmediatePropagation(); });
    t.addEventListener("x", () => log("third"));
    check("return", () => t.dispatchEvent(new Event("x")));
    log("again:");
    t.dispatchEvent(new Event("x"));
    return done();
  },
};
