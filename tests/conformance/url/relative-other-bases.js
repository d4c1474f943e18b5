export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const cases = [
      ["https://other.com/x", "http://base.com/"],
      ["//other.com/x", "https://base.com/a"],
      ["http:g", "http://a/b/c"],
      ["https:g", "http://a/b/c"],
      ["?q=1", "http://h/p?old#f"],
      ["#frag", "http://h/p?old#f"],
      ["", "http://h/p?old#f"],
      ["x", "http://h"],
      ["x", "foo://h/a/b"],
      ["x", "mailto:a@b"],
      ["#x", "mailto:a@b"],
      ["x", "data:text/plain,hi"],
      ["x", "not a url"],
    ];
    for (const [input, base] of cases) {
      check(JSON.stringify(input) + " against " + JSON.stringify(base), () => new URL(input, base).href);
    }
    check("base as URL object", () => new URL("y", new URL("http://h/a/b")).href);
    check("undefined base", () => new URL("http://h/", undefined).href);
    return done();
  },
};
