export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const run = (start, value) => check(start + " <- " + JSON.stringify(value), () => { const u = new URL(start); u.pathname = value; return [u.pathname, u.href]; });
    run("http://h/p?q#f", "/new/path");
    run("http://h/p", "no-slash");
    run("http://h/p", "");
    run("http://h/p", "/a b/\u00e9/%41");
    run("http://h/p", "/a/../b/./c");
    run("http://h/p", "/?#");
    run("http://h/p", "\\back\\slash");
    run("foo://h/p", "x y");
    run("foo://h/p", "");
    run("mailto:a@b", "/ignored");
    run("file:///a", "C:/x");
    return done();
  },
};
