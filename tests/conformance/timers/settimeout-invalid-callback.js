export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("string callback", () => setTimeout("1+1", 0));
    check("no args", () => setTimeout());
    check("number callback", () => setTimeout(5, 0));
    check("null callback", () => setTimeout(null, 0));
    check("setInterval string", () => setInterval("x", 0));
    return done();
  },
};
