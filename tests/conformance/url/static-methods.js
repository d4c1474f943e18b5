export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("typeof canParse", () => typeof URL.canParse);
    check("canParse valid", () => URL.canParse("http://h/"));
    check("canParse invalid", () => URL.canParse("nope"));
    check("canParse with base", () => URL.canParse("x", "http://h/"));
    check("canParse bad base", () => URL.canParse("x", "bad"));
    check("typeof parse", () => typeof URL.parse);
    return done();
  },
};
