export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL("http://h/");
    u.search = "a=%zz&b=c d";
    check("search", () => u.search);
    check("params", () => [...u.searchParams]);
    u.searchParams.set("a", "%");
    check("after set", () => u.search);
    u.search = "";
    check("cleared", () => [u.href, u.searchParams.size]);
    return done();
  },
};
