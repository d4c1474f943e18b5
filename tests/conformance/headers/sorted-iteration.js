export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    h.append("Zeta", "z");
    h.append("alpha", "a");
    h.append("Mid-Header", "m");
    h.append("ALPHA", "a2");
    h.append("beta", "b");
    check("entries", () => [...h.entries()]);
    check("keys", () => [...h.keys()]);
    check("values", () => [...h.values()]);
    check("spread", () => [...h]);
    check("iterator is entries", () => Headers.prototype[Symbol.iterator] === Headers.prototype.entries);
    return done();
  },
};
