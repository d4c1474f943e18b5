export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    try { eval("2"); } catch (e) {
      log("name:", e.name);
      log("instanceof EvalError:", e instanceof EvalError);
    }
    try { new Function("a", "return a"); } catch (e) {
      log("Function name:", e.name);
    }
    check("eval of non-string returns it", () => eval(42));
    check("typeof eval", () => typeof eval);
    return done();
  },
};
