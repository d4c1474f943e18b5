export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://[::1/",
      "http://[:::1]/",
      "http://[1:2:3:4:5:6:7:8:9]/",
      "http://[::1::]/",
      "http://[g::1]/",
      "http://[1.2.3.4]/",
      "http://[::1.2.3]/",
      "http://::1/"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
