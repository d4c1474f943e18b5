export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    for (const n of ["Host", "Connection", "Content-Length", "Cookie", "Origin", "Referer", "Transfer-Encoding"]) {
      check("set " + n, () => { h.set(n, "v"); return h.get(n); });
    }
    check("count", () => [...h].length);
    return done();
  },
};
