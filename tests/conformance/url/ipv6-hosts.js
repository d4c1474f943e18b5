export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://[::1]/",
      "http://[0:0:0:0:0:0:0:1]/",
      "http://[::FFFF:192.168.0.1]/",
      "http://[2001:DB8::1]:8080/x",
      "http://[2001:db8:0:0:1:0:0:1]/",
      "http://[1:0:0:2:0:0:0:3]/",
      "http://[::]/",
      "http://[1:2:3:4:5:6:7:8]/",
      "http://[0:0::1:0:0]/"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
