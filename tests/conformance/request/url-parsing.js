export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("normalized", () => new Request("HTTP://EXAMPLE.com:80/a/../b?x#y").url);
    check("URL object", () => new Request(new URL("https://example.com/u")).url);
    check("unicode host", () => new Request("https://m\u00fcnchen.de/").url);
    check("spaces", () => new Request("https://example.com/a b").url);
    check("invalid", () => new Request("http://exa mple.com/"));
    check("relative", () => new Request("/relative"));
    check("empty", () => new Request(""));
    return done();
  },
};
