export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://exa mple.com/",
      "http://a<b/",
      "http://a>b/",
      "http://a^b/",
      "http://%zz/",
      "http://a%00b/",
      "http://[www.example.com]/",
      "http://xn--/",
      "http://a|b/",
      "http:///",
      "http://@/",
      "http://:80/"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
