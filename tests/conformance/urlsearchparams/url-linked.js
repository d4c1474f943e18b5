export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL("http://h/?b=2&a=1");
    u.searchParams.sort();
    check("sorted url", () => u.href);
    u.searchParams.append("sp", "a b");
    check("space in url", () => u.search);
    u.searchParams.delete("a");
    u.searchParams.delete("b");
    u.searchParams.delete("sp");
    check("emptied removes ?", () => u.href);
    const v = new URL("http://h/?a=b%20c");
    v.searchParams.sort();
    check("reserialized", () => v.search);
    const w = new URL("http://h/?q=%zz");
    check("untouched", () => w.search);
    return done();
  },
};
