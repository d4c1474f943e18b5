export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    const s = c.signal;
    check("default", () => s.onabort);
    const f = function () { log("handler this is signal:", this === s); };
    s.onabort = f;
    check("get", () => s.onabort === f);
    s.onabort = "not a function";
    check("string", () => s.onabort);
    s.onabort = () => log("replacement runs");
    c.abort();
    const c2 = new AbortController();
    c2.signal.onabort = () => log("cleared handler runs");
    c2.signal.onabort = null;
    c2.abort();
    log("done");
    return done();
  },
};
