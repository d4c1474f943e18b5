export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = new URL("http://h/a?x#y");
    const b = new URL(a);
    check("copy href", () => b.href);
    check("distinct", () => a !== b);
    b.pathname = "/changed";
    check("original unchanged", () => a.href);
    check("stringifier object", () => new URL({ toString() { return "http://obj/"; } }).href);
    return done();
  },
};
