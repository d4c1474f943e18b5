export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    for (const n of [1, 2, 3, 4]) t.addEventListener("x", () => log("listener", n));
    t.addEventListener("y", () => log("other type"));
    t.dispatchEvent(new Event("x"));
    t.dispatchEvent(new Event("X"));
    log("done");
    return done();
  },
};
