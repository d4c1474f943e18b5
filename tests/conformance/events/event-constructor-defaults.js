export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const e = new Event("ping");
    for (const k of ["type", "bubbles", "cancelable", "composed", "defaultPrevented", "isTrusted", "eventPhase", "target", "currentTarget", "srcElement", "returnValue", "cancelBubble"]) {
      check(k, () => e[k]);
    }
    check("typeof timeStamp", () => typeof e.timeStamp);
    check("instanceof Event", () => e instanceof Event);
    return done();
  },
};
