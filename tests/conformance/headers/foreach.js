export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers({ B: "2", a: "1" });
    const seen = [];
    const thisArg = { tag: "t" };
    h.forEach(function (value, key, obj) {
      seen.push([value, key, obj === h, this === thisArg]);
    }, thisArg);
    check("seen", () => seen);
    check("returns", () => h.forEach(() => {}));
    check("non-function", () => h.forEach(123));
    return done();
  },
};
