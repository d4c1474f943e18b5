export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const c = new AbortController();
    let events = 0;
    c.signal.addEventListener("abort", () => events++);
    c.abort("first");
    c.abort("second");
    check("reason", () => c.signal.reason);
    check("events", () => events);
    return done();
  },
};
