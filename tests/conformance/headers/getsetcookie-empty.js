export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers({ a: "1" });
    check("typeof", () => typeof h.getSetCookie);
    check("empty", () => h.getSetCookie());
    check("fresh array", () => h.getSetCookie() !== h.getSetCookie());
    check("from init array", () => new Headers([["set-cookie", "x=1"], ["set-cookie", "y=2"]]).getSetCookie());
    return done();
  },
};
