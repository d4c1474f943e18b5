export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL("http://h/p");
    u.username = "us er";
    u.password = "p@ss:w/rd";
    check("href", () => u.href);
    check("username", () => u.username);
    check("password", () => u.password);
    u.username = "";
    check("clear username", () => u.href);
    u.password = "";
    check("clear password", () => u.href);
    u.username = "\u00e9";
    check("unicode", () => u.href);
    const f = new URL("file:///x");
    f.username = "nope";
    check("file ignored", () => f.href);
    const m = new URL("mailto:a@b");
    m.password = "nope";
    check("opaque ignored", () => m.href);
    const e = new URL("sc:///x");
    e.username = "nope";
    check("empty host ignored", () => e.href);
    return done();
  },
};
