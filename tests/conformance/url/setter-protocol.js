export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const run = (start, value) => check(start + " <- " + JSON.stringify(value), () => { const u = new URL(start); u.protocol = value; return u.href; });
    run("http://h/p", "https");
    run("http://h/p", "https:");
    run("http://h/p", "HTTPS://ignored");
    run("http://h/p", "ftp");
    run("http://h/p", "foo");
    run("foo://h/p", "http");
    run("foo://h/p", "bar");
    run("http://h:443/p", "https");
    run("https://h:80/p", "http");
    run("http://h/p", "");
    run("http://h/p", "1abc");
    run("http://h/p", "a+b-c.d");
    run("file:///x", "http");
    run("http://h/p", "file");
    run("mailto:x", "http");
    return done();
  },
};
