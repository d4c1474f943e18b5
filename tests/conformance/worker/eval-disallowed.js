export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    checkMsg("eval", () => eval("1 + 1"));
    checkMsg("indirect eval", () => (0, eval)("1 + 1"));
    checkMsg("new Function", () => new Function("return 1")());
    checkMsg("Function()", () => Function("return 1")());
    checkMsg("function constructor", () => (function () {}).constructor("return 1")());
    checkMsg("async function constructor", () => (async function () {}).constructor("return 1"));
    checkMsg("generator constructor", () => (function* () {}).constructor("yield 1"));
    return done();
  },
};
