export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const run = (start, value) => check(start + " <- " + JSON.stringify(value), () => { const u = new URL(start); u.hostname = value; return u.href; });
    run("http://h:8/p", "example.com");
    run("http://h:8/p", "example.com:9");
    run("http://h/p", "0x7f.1");
    run("http://h/p", "[::0:1]");
    run("http://h/p", "");
    run("http://h/p", "bad host");
    run("foo://h:8/p", "new");
    run("foo://h/p", "");
    run("file://h/p", "localhost");
    run("file://h/p", "");
    return done();
  },
};
