export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams();
    p.append("a", "1");
    p.append("b", "2");
    p.append("a", "3");
    check("after append", () => p.toString());
    p.set("a", "x");
    check("set replaces first, removes rest", () => p.toString());
    p.set("c", "new");
    check("set appends new", () => p.toString());
    p.append("b", "4");
    p.delete("b");
    check("delete all", () => p.toString());
    p.delete("missing");
    check("delete missing", () => p.toString());
    p.append("d", "1");
    p.append("d", "2");
    p.delete("d", "1");
    check("delete with value", () => p.toString());
    p.delete("d", undefined);
    check("delete with undefined value", () => p.toString());
    return done();
  },
};
