export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://256.256.256.256/",
      "http://4294967296/",
      "http://1.2.3.4.5/",
      "http://0x100000000/",
      "http://1.2.3.09/",
      "http://1.2.3.4.5.6/"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
