export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const e = new Event("x", { bubbles: true, cancelable: true, composed: true });
    check("bubbles", () => e.bubbles);
    check("cancelable", () => e.cancelable);
    check("composed", () => e.composed);
    const t = new Event("y", { bubbles: 1, cancelable: "", composed: {} });
    check("truthy bubbles", () => t.bubbles);
    check("falsy cancelable", () => t.cancelable);
    check("object composed", () => t.composed);
    check("type number", () => new Event(42).type);
    check("type null", () => new Event(null).type);
    check("type undefined", () => new Event(undefined).type);
    check("type object", () => new Event({ toString() { return "obj"; } }).type);
    check("empty type", () => new Event("").type);
    return done();
  },
};
