export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const ts = (v) => Object.prototype.toString.call(v);
    check("Event", () => ts(new Event("x")));
    check("CustomEvent", () => ts(new CustomEvent("x")));
    check("EventTarget", () => ts(new EventTarget()));
    check("AbortController", () => ts(new AbortController()));
    check("AbortSignal", () => ts(new AbortController().signal));
    check("performance", () => ts(performance));
    return done();
  },
};
