export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("TextEncoder no new", () => TextEncoder());
    check("TextDecoder no new", () => TextDecoder());
    check("encoder tag", () => Object.prototype.toString.call(new TextEncoder()));
    check("decoder options null", () => new TextDecoder("utf-8", null).fatal);
    check("decoder options bad", () => new TextDecoder("utf-8", 5));
    check("encoding readonly", () => { const e = new TextEncoder(); e.encoding = "x"; return e.encoding; });
    return done();
  },
};
