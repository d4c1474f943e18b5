export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const e = new TextEncoder();
    const s = "\u00e9".repeat(1000);
    const dst = new Uint8Array(1001);
    check("result", () => e.encodeInto(s, dst));
    check("last byte untouched", () => dst[1000]);
    check("full", () => e.encodeInto(s, new Uint8Array(2000)));
    return done();
  },
};
