export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("coerced message", () => new DOMException(123).message);
    check("undefined name", () => new DOMException("m", undefined).name);
    check("null name", () => new DOMException("m", null).name);
    check("readonly name", () => { const d = new DOMException("m", "AbortError"); d.name = "x"; return d.name; });
    check("subclass", () => { class MyErr extends DOMException {} const e = new MyErr("m", "AbortError"); return [e instanceof MyErr, e.name, e.code]; });
    return done();
  },
};
