export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    h.append("z-last", "z");
    h.append("set-cookie", "b=2");
    h.append("a-first", "a");
    h.append("set-cookie", "a=1");
    h.append("set-cookie2", "x");
    check("entries", () => [...h]);
    check("keys", () => [...h.keys()]);
    return done();
  },
};
