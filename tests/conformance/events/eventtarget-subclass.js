export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    class Emitter extends EventTarget {
      constructor() { super(); this.count = 0; }
      fire() { return this.dispatchEvent(new CustomEvent("tick", { detail: ++this.count })); }
    }
    const em = new Emitter();
    em.addEventListener("tick", (e) => log("tick", e.detail, e.target === em));
    em.fire();
    em.fire();
    check("instanceof EventTarget", () => em instanceof EventTarget);
    check("plain EventTarget", () => typeof new EventTarget().addEventListener);
    check("call without new", () => EventTarget());
    return done();
  },
};
