export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new EventTarget();
    t.addEventListener("x", function (e) { log("this is target:", this === t); log("arguments:", arguments.length); });
    t.addEventListener("x", (e) => log("arrow currentTarget:", e.currentTarget === t));
    t.dispatchEvent(new Event("x"));
    return done();
  },
};
