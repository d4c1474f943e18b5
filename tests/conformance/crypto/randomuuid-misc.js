export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("ignores args", () => crypto.randomUUID(1, 2).length);
    check("unbound", () => { const f = crypto.randomUUID; return f().length; });
    check("typeof Crypto", () => typeof Crypto);
    check("crypto instanceof Crypto", () => crypto instanceof Crypto);
    check("no new Crypto", () => new Crypto());
    return done();
  },
};
