export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://127.0.0.1/",
      "http://0x7f.1/",
      "http://2130706433/",
      "http://127.1/",
      "http://0300.0250.1.1/",
      "http://0x7F.0.0.0x1/",
      "http://1.2.3/",
      "http://4294967295/",
      "http://1.2.3.4./",
      "http://00000000000000000001.0x00000001/",
      "http://0/"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
