export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    const c = new AbortController();
    t.addEventListener("x", () => log("with signal"), { signal: c.signal });
    t.addEventListener("x", () => log("without signal"));
    t.dispatchEvent(new Event("x"));
    c.abort();
    log("-- aborted");
    t.dispatchEvent(new Event("x"));
    t.addEventListener("x", () => log("added with aborted signal"), { signal: AbortSignal.abort() });
    t.dispatchEvent(new Event("x"));
    check("bad signal", () => t.addEventListener("x", () => {}, { signal: {} }));
    check("null signal", () => t.addEventListener("x", () => {}, { signal: null }));
    check("undefined signal", () => t.addEventListener("x", () => {}, { signal: undefined }));
    return done();
  },
};
