export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("pairs", () => [...new URLSearchParams([["a", "1"], ["b", "2"], ["a", "3"]])]);
    check("pair of strings iterable", () => [...new URLSearchParams(["ab", "cd"])]);
    check("bad length 1", () => new URLSearchParams([["a"]]));
    check("bad length 3", () => new URLSearchParams([["a", "b", "c"]]));
    check("map", () => [...new URLSearchParams(new Map([["m", "1"]]))]);
    check("from URLSearchParams", () => { const a = new URLSearchParams("x=1"); const b = new URLSearchParams(a); b.append("y", "2"); return [a.toString(), b.toString()]; });
    check("no args", () => new URLSearchParams().toString());
    check("undefined", () => new URLSearchParams(undefined).toString());
    check("null", () => new URLSearchParams(null).toString());
    check("number", () => new URLSearchParams(5).toString());
    return done();
  },
};
