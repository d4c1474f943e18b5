export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of ["", "nope", "http://[", "http://a:70000"]) {
      checkMsg(JSON.stringify(s), () => new URL(s));
    }
    check("bad base", () => new URL("x", "also bad"));
    check("no args", () => new URL());
    check("no new", () => URL("http://h/"));
    return done();
  },
};
