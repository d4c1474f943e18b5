export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new Date(Date.UTC(2020, 1, 29, 12, 34, 56, 789));
    const dc = structuredClone(d);
    check("date", () => dc);
    check("date distinct", () => dc !== d && dc instanceof Date);
    check("invalid date", () => structuredClone(new Date(NaN)));
    const r = /ab+c/gimsuy;
    r.lastIndex = 3;
    const rc = structuredClone(r);
    check("regexp", () => String(rc));
    check("flags", () => rc.flags);
    check("lastIndex reset", () => rc.lastIndex);
    check("regexp distinct", () => rc !== r && rc instanceof RegExp);
    return done();
  },
};
