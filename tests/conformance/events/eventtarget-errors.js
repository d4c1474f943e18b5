export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    check("dispatch plain object", () => t.dispatchEvent({ type: "x" }));
    check("dispatch no args", () => t.dispatchEvent());
    check("add string listener", () => t.addEventListener("x", "alert(1)"));
    check("add number listener", () => t.addEventListener("x", 5));
    check("add null listener", () => t.addEventListener("x", null));
    check("add one arg", () => t.addEventListener("x"));
    check("add no args", () => t.addEventListener());
    check("remove one arg", () => t.removeEventListener("x"));
    check("wrong this", () => EventTarget.prototype.addEventListener.call({}, "x", () => {}));
    check("dispatch wrong this", () => EventTarget.prototype.dispatchEvent.call({}, new Event("x")));
    return done();
  },
};
