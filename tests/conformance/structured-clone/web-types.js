export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("Headers", () => { const h = structuredClone(new Headers({ a: "1" })); return [h instanceof Headers, [...h]]; });
    check("URL", () => structuredClone(new URL("http://h/")));
    check("DOMException", () => { const d = structuredClone(new DOMException("msg", "AbortError")); return [d instanceof DOMException, d.name, d.message]; });
    return done();
  },
};
