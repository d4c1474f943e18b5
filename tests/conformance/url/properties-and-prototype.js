export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL("http://h/");
    check("instanceof", () => u instanceof URL);
    check("tag", () => Object.prototype.toString.call(u));
    check("own keys", () => Object.keys(u));
    check("origin readonly", () => { u.origin = "http://x"; return u.origin; });
    check("searchParams readonly", () => { u.searchParams = null; return typeof u.searchParams; });
    check("typeof createObjectURL", () => typeof URL.createObjectURL);
    return done();
  },
};
