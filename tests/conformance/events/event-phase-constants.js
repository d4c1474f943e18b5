export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const k of ["NONE", "CAPTURING_PHASE", "AT_TARGET", "BUBBLING_PHASE"]) {
      check("Event." + k, () => Event[k]);
      check("prototype." + k, () => Event.prototype[k]);
      check("instance." + k, () => new Event("x")[k]);
    }
    check("readonly", () => { const d = Object.getOwnPropertyDescriptor(Event, "AT_TARGET"); return [d.writable, d.configurable, d.enumerable]; });
    return done();
  },
};
