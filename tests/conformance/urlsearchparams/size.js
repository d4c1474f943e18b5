export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("a=1&a=2&b=3");
    check("size", () => p.size);
    p.append("c", "4");
    check("after append", () => p.size);
    p.delete("a");
    check("after delete", () => p.size);
    check("empty", () => new URLSearchParams().size);
    return done();
  },
};
