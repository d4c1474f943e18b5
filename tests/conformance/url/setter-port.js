export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const run = (start, value) => check(start + " <- " + JSON.stringify(value), () => { const u = new URL(start); u.port = value; return [u.port, u.href]; });
    run("http://h/p", "8080");
    run("http://h/p", 8080);
    run("http://h:1/p", "");
    run("http://h/p", "80");
    run("https://h/p", "80");
    run("http://h/p", "8080abc");
    run("http://h/p", "abc");
    run("http://h/p", "65535");
    run("http://h/p", "65536");
    run("http://h/p", "-1");
    run("http://h/p", "0");
    run("http://h/p", " 8");
    run("http://h/p", "00012");
    run("file:///x", "8");
    run("mailto:a", "8");
    run("foo://h/p", "99");
    return done();
  },
};
