export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("incoming is AbortSignal", () => request.signal instanceof AbortSignal);
    check("incoming aborted", () => request.signal.aborted);
    check("incoming reason", () => request.signal.reason);
    const c = new AbortController();
    const r = new Request("https://example.com/", { signal: c.signal });
    check("from init aborted", () => r.signal.aborted);
    c.abort("gone");
    check("after abort", () => r.signal.aborted);
    check("reason", () => r.signal.reason);
    const copy = new Request(r);
    check("copy aborted", () => copy.signal.aborted);
    check("clone aborted", () => r.clone().signal.aborted);
    check("aborted static signal", () => new Request("https://example.com/", { signal: AbortSignal.abort("s") }).signal.reason);
    check("undefined signal", () => new Request("https://example.com/", { signal: undefined }).signal.aborted);
    return done();
  },
};
