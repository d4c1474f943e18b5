export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    t.addEventListener("x", (e) => { e.preventDefault(); log("passive prevented:", e.defaultPrevented); }, { passive: true });
    const e = new Event("x", { cancelable: true });
    check("dispatch (passive)", () => t.dispatchEvent(e));
    check("defaultPrevented", () => e.defaultPrevented);
    t.addEventListener("x", (ev) => { ev.preventDefault(); log("active prevented:", ev.defaultPrevented); });
    check("dispatch (active)", () => t.dispatchEvent(new Event("x", { cancelable: true })));
    return done();
  },
};
