export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("number", () => btoa(123));
    check("null", () => btoa(null));
    check("undefined", () => btoa(undefined));
    check("object", () => btoa({ toString() { return "obj"; } }));
    check("no args", () => btoa());
    return done();
  },
};
