export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const run = (start, value) => check(start + " <- " + JSON.stringify(value), () => { const u = new URL(start); u.search = value; return [u.search, u.href]; });
    run("http://h/p#f", "a=1");
    run("http://h/p#f", "?a=1");
    run("http://h/p?x#f", "");
    run("http://h/p?x#f", "?");
    run("http://h/p", "a b&c=\u00e9");
    run("http://h/p", "a#b");
    run("http://h/p", "'q'");
    run("foo://h/p", "'q'");
    run("http://h/p", "??a");
    return done();
  },
};
