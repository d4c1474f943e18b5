export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("empty", () => crypto.getRandomValues(new Uint8Array(0)).length);
    const buf = new Uint8Array(8);
    crypto.getRandomValues(buf.subarray(2, 4));
    check("outside view untouched", () => [buf[0], buf[1], buf[4], buf[5], buf[6], buf[7]]);
    check("unbound call", () => { const g = crypto.getRandomValues; return g(new Uint8Array(1)).length; });
    check("call with crypto this", () => crypto.getRandomValues.call(crypto, new Uint8Array(2)).length);
    return done();
  },
};
