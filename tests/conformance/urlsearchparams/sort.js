export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("z=1&a=2&m=3&a=1&b=0&a=0");
    p.sort();
    check("sorted stable", () => p.toString());
    const u = new URLSearchParams("\u00e9=1&e=2&E=3&\u{1f600}=4&\uff41=5&a=6");
    u.sort();
    check("code unit order", () => [...u.keys()]);
    const s = new URLSearchParams("b=1&=2&a=3");
    s.sort();
    check("empty name first", () => s.toString());
    check("returns", () => s.sort());
    return done();
  },
};
