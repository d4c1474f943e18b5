export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("a=1&b=2&a=3&c=");
    check("get a", () => p.get("a"));
    check("get c", () => p.get("c"));
    check("get missing", () => p.get("z"));
    check("getAll a", () => p.getAll("a"));
    check("getAll missing", () => p.getAll("z"));
    check("has a", () => p.has("a"));
    check("has z", () => p.has("z"));
    check("case sensitive", () => p.has("A"));
    check("has with value match", () => p.has("a", "3"));
    check("has with value mismatch", () => p.has("a", "2"));
    check("has with undefined value", () => p.has("a", undefined));
    return done();
  },
};
