export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers({ a: "1", b: "2", c: "3" });
    const seen = [];
    for (const [k, v] of h) {
      seen.push(k + "=" + v);
      if (k === "a") h.delete("c");
    }
    check("seen", () => seen);
    return done();
  },
};
