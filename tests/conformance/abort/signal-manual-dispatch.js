export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    const s = c.signal;
    s.onabort = (e) => log("onabort for", e.type, "isTrusted:", e.isTrusted);
    check("dispatch", () => s.dispatchEvent(new Event("abort")));
    check("still not aborted", () => s.aborted);
    s.addEventListener("custom", () => log("custom event on a signal"));
    s.dispatchEvent(new Event("custom"));
    return done();
  },
};
