export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const arr = Array.from({ length: 10000 }, (_, i) => ({ i, s: "v" + i }));
    const c = structuredClone(arr);
    check("length", () => c.length);
    check("last", () => c[9999]);
    let deep = {};
    const root = deep;
    for (let i = 0; i < 500; i++) { deep.n = {}; deep = deep.n; }
    deep.end = true;
    let d = structuredClone(root);
    let depth = 0;
    while (d.n) { d = d.n; depth++; }
    check("depth", () => [depth, d.end]);
    return done();
  },
};
