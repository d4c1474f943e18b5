export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("no args", () => new Event());
    check("call without new", () => Event("x"));
    check("null init", () => new Event("x", null).bubbles);
    check("undefined init", () => new Event("x", undefined).bubbles);
    check("string init", () => new Event("x", "bubbles"));
    check("number init", () => new Event("x", 5));
    check("symbol type", () => new Event(Symbol("s")));
    return done();
  },
};
