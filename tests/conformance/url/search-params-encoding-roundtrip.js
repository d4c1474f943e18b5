export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL("http://h/?a=%20+b&c='x'&d=%zz");
    check("get a", () => u.searchParams.get("a"));
    check("get c", () => u.searchParams.get("c"));
    check("get d", () => u.searchParams.get("d"));
    check("search before", () => u.search);
    u.searchParams.set("e", "1");
    check("search after mutation", () => u.search);
    return done();
  },
};
