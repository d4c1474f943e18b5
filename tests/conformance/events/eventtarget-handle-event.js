export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    const obj = {
      name: "obj",
      handleEvent(e) { log("handleEvent this:", this.name, "type:", e.type); },
    };
    t.addEventListener("x", obj);
    t.dispatchEvent(new Event("x"));
    obj.handleEvent = function (e) { log("replaced handleEvent:", this === obj); };
    t.dispatchEvent(new Event("x"));
    check("function with handleEvent prefers call", () => {
      const f = () => log("called as function");
      f.handleEvent = () => log("called handleEvent");
      const u = new EventTarget();
      u.addEventListener("y", f);
      return u.dispatchEvent(new Event("y"));
    });
    t.removeEventListener("x", obj);
    t.dispatchEvent(new Event("x"));
    log("removed");
    return done();
  },
};
