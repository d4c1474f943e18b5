export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const m of ["trace", "dir", "table", "assert", "group", "groupCollapsed", "groupEnd", "time", "timeEnd", "timeLog", "count", "countReset"]) {
      check(m, () => typeof console[m] === "function" ? console[m]("label") : "missing");
    }
    check("assert false", () => console.assert(false, "msg"));
    check("assert true", () => console.assert(true, "msg"));
    return done();
  },
};
