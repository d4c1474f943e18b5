export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const m = new Map([[1, "one"], ["k", { v: true }], [null, [1]]]);
    const mc = structuredClone(m);
    check("map", () => mc);
    check("map distinct", () => mc !== m && mc.get("k") !== m.get("k"));
    const objKey = { id: 1 };
    const m2 = structuredClone(new Map([[objKey, "v"]]));
    check("object key cloned", () => [...m2.keys()][0] !== objKey && [...m2.keys()][0].id);
    const s = new Set([1, "a", { x: 1 }]);
    check("set", () => structuredClone(s));
    check("set instanceof", () => structuredClone(s) instanceof Set);
    return done();
  },
};
