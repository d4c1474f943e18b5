export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "",
      "foo",
      "/just/path",
      "http://",
      "https://",
      "http://exa mple.com",
      "https://:443",
      "http://a:99999/",
      "http://a:-1/",
      "http://a:b/",
      "://x",
      "1http://x",
      "ht tp://x",
      "http://[::1]x/"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
