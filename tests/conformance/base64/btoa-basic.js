export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of ["", "f", "fo", "foo", "foob", "fooba", "foobar", "Hello, World!", "\u00ff\u00fe\u0000\u0001"]) {
      check(JSON.stringify(s), () => btoa(s));
    }
    return done();
  },
};
