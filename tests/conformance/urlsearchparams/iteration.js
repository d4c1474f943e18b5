export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("b=2&a=1&b=3");
    check("entries", () => [...p.entries()]);
    check("keys", () => [...p.keys()]);
    check("values", () => [...p.values()]);
    check("spread", () => [...p]);
    check("iterator is entries", () => URLSearchParams.prototype[Symbol.iterator] === URLSearchParams.prototype.entries);
    const it = p.keys();
    check("next", () => it.next());
    check("fromEntries", () => Object.fromEntries(p));
    return done();
  },
};
