export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("long path length", () => new URL("http://h/" + "a".repeat(5000)).pathname.length);
    check("many dots host", () => new URL("http://a.b.c.d.e.f.g/").hostname);
    check("numeric tld", () => new URL("http://foo.09/"));
    check("host ending in number", () => new URL("http://foo.1/"));
    check("lone surrogate path", () => new URL("http://h/\ud800").pathname);
    check("nul in path", () => new URL("http://h/a\u0000b").pathname);
    return done();
  },
};
