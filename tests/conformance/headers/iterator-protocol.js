export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers({ b: "2", a: "1" });
    const it = h.entries();
    check("first", () => it.next());
    check("second", () => it.next());
    check("third", () => it.next());
    check("fourth", () => it.next());
    check("tag", () => Object.prototype.toString.call(h));
    check("iterator self", () => { const i = h.keys(); return i[Symbol.iterator]() === i; });
    return done();
  },
};
