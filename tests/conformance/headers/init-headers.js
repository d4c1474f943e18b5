export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const src = new Headers({ a: "1", b: "2" });
    const copy = new Headers(src);
    copy.set("a", "changed");
    check("src", () => [...src]);
    check("copy", () => [...copy]);
    check("from map", () => [...new Headers(new Map([["m", "v"], ["n", "w"]]))]);
    check("from generator", () => [...new Headers((function* () { yield ["g", "1"]; yield ["h", "2"]; })())]);
    return done();
  },
};
