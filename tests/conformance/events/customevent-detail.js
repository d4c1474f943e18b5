export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("default detail", () => new CustomEvent("x").detail);
    check("detail value", () => new CustomEvent("x", { detail: { a: 1 } }).detail);
    check("detail undefined", () => new CustomEvent("x", { detail: undefined }).detail);
    check("detail 0", () => new CustomEvent("x", { detail: 0 }).detail);
    const obj = {};
    check("same object", () => new CustomEvent("x", { detail: obj }).detail === obj);
    check("instanceof Event", () => new CustomEvent("x") instanceof Event);
    check("bubbles", () => new CustomEvent("x", { bubbles: true, detail: 1 }).bubbles);
    check("no args", () => new CustomEvent());
    return done();
  },
};
