export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const o = { name: "root" };
    o.self = o;
    o.list = [o, { back: o }];
    const c = structuredClone(o);
    check("self cycle", () => c.self === c);
    check("array cycle", () => c.list[0] === c && c.list[1].back === c);
    check("not original", () => c !== o);
    const shared = { s: 1 };
    const two = structuredClone({ a: shared, b: shared });
    check("shared ref preserved", () => two.a === two.b);
    const m = new Map();
    m.set("m", m);
    check("map cycle", () => { const mc = structuredClone(m); return mc.get("m") === mc; });
    return done();
  },
};
