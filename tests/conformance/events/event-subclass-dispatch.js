export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    class MyEvent extends Event {
      constructor(n) { super("my", { cancelable: true }); this.n = n; }
    }
    const t = new EventTarget();
    t.addEventListener("my", (e) => { log("n:", e.n, "instanceof:", e instanceof MyEvent); e.preventDefault(); });
    check("dispatch", () => t.dispatchEvent(new MyEvent(7)));
    check("type", () => new MyEvent(1).type);
    return done();
  },
};
