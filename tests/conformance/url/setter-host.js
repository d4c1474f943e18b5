export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const run = (start, value) => check(start + " <- " + JSON.stringify(value), () => { const u = new URL(start); u.host = value; return u.href; });
    run("http://h/p", "example.com");
    run("http://h/p", "example.com:8080");
    run("http://h:1/p", "x.org");
    run("http://h/p", "example.com:80");
    run("http://h/p", "");
    run("http://h/p", "a b");
    run("http://h/p", "x.org/path?q");
    run("http://h/p", "x.org:abc");
    run("http://h/p", "[::1]:9");
    run("http://h/p", "M\u00dcNCHEN.de");
    run("http://h/p", "x.org:99999");
    run("foo://h/p", "");
    run("mailto:a@b", "h");
    run("http://h/p", "x\\y");
    run("http://h/p", "x#y");
    return done();
  },
};
