export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = new Event("a");
    a.preventDefault();
    check("not cancelable: defaultPrevented", () => a.defaultPrevented);
    check("not cancelable: returnValue", () => a.returnValue);
    const b = new Event("b", { cancelable: true });
    b.preventDefault();
    check("cancelable: defaultPrevented", () => b.defaultPrevented);
    check("cancelable: returnValue", () => b.returnValue);
    const c = new Event("c", { cancelable: true });
    check("set returnValue=false", () => { c.returnValue = false; return c.defaultPrevented; });
    check("set returnValue=true does not undo", () => { c.returnValue = true; return c.defaultPrevented; });
    check("preventDefault returns", () => new Event("d").preventDefault());
    return done();
  },
};
