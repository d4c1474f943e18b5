export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "HTTP://EXAMPLE.COM/PATH",
      "HtTpS://Ex.Org",
      "FOO://BAR/Baz",
      "http://ExAmPle.com./",
      "MAILTO:Someone@Example.com"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
