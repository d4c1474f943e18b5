export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    const s = c.signal;
    s.onabort = (e) => log("onabort:", e.type, "target is signal:", e.target === s);
    s.addEventListener("abort", (e) => {
      log("listener:", e.type, "aborted:", s.aborted, "reason:", s.reason);
      log("isTrusted:", e.isTrusted, "bubbles:", e.bubbles, "cancelable:", e.cancelable, "instanceof Event:", e instanceof Event);
    });
    log("before abort");
    c.abort("r");
    log("after abort");
    return done();
  },
};
