export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const names = ["", "a b", "a:b", "a\tb", "é", "a\nb", "(x)", "a@b", "x/y", "a{b", "a\"b"];
    for (const n of names) {
      check("append " + JSON.stringify(n), () => new Headers().append(n, "v"));
    }
    check("ctor invalid", () => new Headers({ "bad name": "v" }));
    check("get invalid", () => new Headers().get("bad name"));
    check("has invalid", () => new Headers().has("bad name"));
    check("delete invalid", () => new Headers().delete("bad name"));
    return done();
  },
};
