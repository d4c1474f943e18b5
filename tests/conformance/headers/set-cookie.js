export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    h.append("Set-Cookie", "a=1; Path=/");
    h.append("set-cookie", "b=2, c=3");
    h.append("X-Other", "o");
    check("get", () => h.get("set-cookie"));
    check("getSetCookie", () => h.getSetCookie());
    check("entries", () => [...h]);
    check("has", () => h.has("SET-COOKIE"));
    h.set("set-cookie", "only=1");
    check("after set", () => h.getSetCookie());
    h.delete("set-cookie");
    check("after delete", () => h.getSetCookie());
    return done();
  },
};
