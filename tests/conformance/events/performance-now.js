export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("typeof performance", () => typeof performance);
    check("typeof now", () => typeof performance.now());
    check("typeof timeOrigin", () => typeof performance.timeOrigin);
    check("now >= 0", () => performance.now() >= 0);
    const a = performance.now();
    let x = 0;
    for (let i = 0; i < 1e6; i++) x += i;
    check("frozen during computation", () => performance.now() === a);
    check("origin + now is Date.now", () => Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 1);
    check("detached now", () => { const now = performance.now; return now(); });
    return done();
  },
};
