export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    t.addEventListener("a", (e) => e.preventDefault());
    check("cancelable prevented", () => t.dispatchEvent(new Event("a", { cancelable: true })));
    check("not cancelable", () => t.dispatchEvent(new Event("a")));
    check("no listeners", () => t.dispatchEvent(new Event("b", { cancelable: true })));
    const e = new Event("a", { cancelable: true });
    t.dispatchEvent(e);
    check("defaultPrevented after", () => e.defaultPrevented);
    return done();
  },
};
