export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const [label, make] of [
      ["function", () => function f() {}],
      ["arrow in object", () => ({ f: () => 1 })],
      ["symbol", () => Symbol("s")],
      ["WeakMap", () => new WeakMap()],
      ["WeakSet", () => new WeakSet()],
      ["Promise", () => Promise.resolve()],
      ["Proxy", () => new Proxy({}, {})],
    ]) {
      check(label, () => structuredClone(make()));
    }
    return done();
  },
};
