export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const run = (start, value) => check(start + " <- " + JSON.stringify(value), () => { const u = new URL(start); u.hash = value; return [u.hash, u.href]; });
    run("http://h/p?q", "frag");
    run("http://h/p?q", "#frag");
    run("http://h/p#x", "");
    run("http://h/p#x", "#");
    run("http://h/p", "a b\u00e9");
    run("http://h/p", "##a");
    run("http://h/p", "a\"<>\u0060");
    run("mailto:a@b", "x");
    run("data:,x", "y");
    return done();
  },
};
