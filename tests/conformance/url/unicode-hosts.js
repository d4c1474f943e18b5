export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://münchen.de/",
      "http://☃.net/",
      "http://xn--mnchen-3ya.de/",
      "http://EXAMPLE.É/",
      "http://ＡＢＣ.com/",
      "http://faß.de/",
      "http://日本語.jp/",
      "http://a。b.com/",
      "http://%41.com/",
      "http://%e2%98%83.net/"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
