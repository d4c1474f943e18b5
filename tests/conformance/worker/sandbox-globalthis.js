export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("self === globalThis", () => self === globalThis);
    check("navigator.userAgent", () => navigator.userAgent);
    check("typeof addEventListener", () => typeof addEventListener);
    check("globalThis tag", () => Object.prototype.toString.call(globalThis));
    check("Date.now is number", () => typeof Date.now());
    check("Math.random in range", () => { const r = Math.random(); return r >= 0 && r < 1; });
    check("SharedArrayBuffer", () => typeof SharedArrayBuffer);
    return done();
  },
};
