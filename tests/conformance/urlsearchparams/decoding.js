export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("a=%2B+%20&b=%E2%9C%93&c=%FF&d=%&e=%2&f=+%2B+&g=%C3%A9%C3");
    for (const [k, v] of p) log(k + ":", JSON.stringify(v));
    return done();
  },
};
