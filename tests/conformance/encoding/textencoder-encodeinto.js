export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const e = new TextEncoder();
    const dst = new Uint8Array(8);
    check("ascii", () => e.encodeInto("hi", dst));
    check("dst", () => dst);
    check("exact fit", () => e.encodeInto("\u20ac\u20ac", new Uint8Array(6)));
    check("no split of 3-byte char", () => e.encodeInto("a\u20ac", new Uint8Array(3)));
    check("no split of pair", () => e.encodeInto("a\u{1f600}", new Uint8Array(4)));
    check("pair fits", () => e.encodeInto("a\u{1f600}", new Uint8Array(5)));
    check("zero length dst", () => e.encodeInto("abc", new Uint8Array(0)));
    check("empty src", () => e.encodeInto("", new Uint8Array(4)));
    check("lone surrogate", () => { const d = new Uint8Array(4); return [e.encodeInto("\ud800", d), d]; });
    const big = new Uint8Array(6);
    check("into subarray", () => { const r = e.encodeInto("xyz", big.subarray(2, 4)); return [r, big]; });
    check("non-Uint8Array", () => e.encodeInto("a", new Uint16Array(2)));
    check("arraybuffer", () => e.encodeInto("a", new ArrayBuffer(2)));
    return done();
  },
};
