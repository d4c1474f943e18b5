export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL("http://h/p?a=1&b=2#f");
    const sp = u.searchParams;
    check("same object", () => u.searchParams === sp);
    check("get a", () => sp.get("a"));
    sp.append("c", "3 4");
    check("after append", () => u.href);
    sp.delete("a");
    check("after delete", () => u.search);
    u.search = "?x=9";
    check("after search set", () => [...sp]);
    u.href = "http://other/?y=8";
    check("after href set", () => [...sp]);
    sp.delete("y");
    check("emptied", () => [u.search, u.href]);
    sp.set("z", "\u00e9");
    check("set unicode", () => u.href);
    u.hash = "";
    sp.sort();
    check("final", () => u.href);
    return done();
  },
};
