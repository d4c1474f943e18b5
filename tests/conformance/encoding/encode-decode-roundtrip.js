export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const e = new TextEncoder();
    const d = new TextDecoder();
    const samples = ["", "plain", "\u00e9\u00e8\u00ea", "\u4e2d\u6587", "\u{1f600}\u{1f680}", "mixed \u00e9 \u4e2d \u{1f600} end", "\0\u007f\u0080\u07ff\u0800\uffff"];
    for (const s of samples) {
      check(JSON.stringify(s), () => { const b = e.encode(s); return [b.length, d.decode(b) === s]; });
    }
    return done();
  },
};
