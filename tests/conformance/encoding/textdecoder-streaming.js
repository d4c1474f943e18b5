export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new TextDecoder();
    const bytes = new TextEncoder().encode("a\u00e9\u20ac\u{1f600}z");
    let out = "";
    const pieces = [];
    for (let i = 0; i < bytes.length; i++) {
      const s = d.decode(bytes.subarray(i, i + 1), { stream: true });
      pieces.push(s);
      out += s;
    }
    out += d.decode();
    check("result", () => out);
    check("pieces", () => pieces);
    check("equal", () => out === "a\u00e9\u20ac\u{1f600}z");
    return done();
  },
};
