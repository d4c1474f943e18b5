export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("typeof dispatchEvent", () => typeof dispatchEvent);
    const f = (e) => log("global listener:", e.type, e.detail);
    addEventListener("custom", f);
    check("dispatch", () => dispatchEvent(new CustomEvent("custom", { detail: 1 })));
    removeEventListener("custom", f);
    check("after remove", () => dispatchEvent(new CustomEvent("custom", { detail: 2 })));
    check("dispatch non-event", () => dispatchEvent({}));
    return done();
  },
};
