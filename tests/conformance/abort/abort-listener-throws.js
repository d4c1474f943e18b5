export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    c.signal.addEventListener("abort", () => { log("throwing"); throw new Error("in abort listener"); });
    c.signal.addEventListener("abort", () => log("next listener runs"));
    let r;
    try { c.abort(); r = "returned"; } catch (e) { r = "threw " + e.message; }
    log("abort():", r);
    check("aborted", () => c.signal.aborted);
    return done();
  },
};
