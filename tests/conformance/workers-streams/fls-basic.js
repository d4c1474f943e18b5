// FixedLengthStream(length): an IdentityTransformStream that must see exactly `length` bytes.
// The length converts as a 64-bit unsigned integer (fractions dropped, a BigInt taken).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new FixedLengthStream(4);
    check("instanceof IdentityTransformStream", () => t instanceof IdentityTransformStream);
    check("instanceof TransformStream", () => t instanceof TransformStream);
    const w = t.writable.getWriter();
    const r = t.readable.getReader();
    w.write(new Uint8Array([1, 2]));
    w.write(new Uint8Array([3, 4]));
    w.close();
    const got = [];
    for (;;) { const { value, done } = await r.read(); if (done) break; got.push(Array.from(value)); }
    check("exactly 4 bytes", () => got);

    const z = new FixedLengthStream(0);
    z.writable.getWriter().close();
    await acheck("length 0", async () => (await z.readable.getReader().read()).done);

    // Which lengths construct, and what the stream then takes (write n bytes, close, read).
    for (const [label, length, n] of [["1.5", 1.5, 1], ["3.7", 3.7, 3], ["\"2\"", "2", 2], ["2n", 2n, 2], ["-0", -0, 0], ["true", true, 1], ["null", null, 0], ["2**53-1", 2 ** 53 - 1, 0]]) {
      let s;
      try { s = new FixedLengthStream(length); } catch (e) { log(label + ": threw " + e.name); continue; }
      const sw = s.writable.getWriter();
      if (n) sw.write(new Uint8Array(n));
      if (label !== "2**53-1") sw.close();
      if (label === "2**53-1") { log(label + ": constructed"); continue; }
      const sr = s.readable.getReader();
      try {
        let total = 0;
        for (;;) { const { value, done } = await sr.read(); if (done) break; total += value.byteLength; }
        log(label + ": took " + total);
      } catch (e) { log(label + ": read threw " + e.name); }
    }
    check("no argument", () => new FixedLengthStream());
    check("undefined", () => new FixedLengthStream(undefined));
    check("-1", () => new FixedLengthStream(-1));
    check("-0.5", () => new FixedLengthStream(-0.5));
    check("-1n", () => new FixedLengthStream(-1n));
    check("\"x\"", () => new FixedLengthStream("x"));
    check("NaN", () => new FixedLengthStream(NaN));
    check("Infinity", () => new FixedLengthStream(Infinity));
    check("{}", () => new FixedLengthStream({}));
    check("2**53", () => new FixedLengthStream(2 ** 53));
    check("bad strategy", () => new FixedLengthStream(1, 5));
    // A writer never needs to hold back more than the whole length.
    check("hwm 100 of 5", () => new FixedLengthStream(5, { highWaterMark: 100 }).writable.getWriter().desiredSize);
    check("hwm 2 of 5", () => new FixedLengthStream(5, { highWaterMark: 2 }).writable.getWriter().desiredSize);
    check("no hwm", () => new FixedLengthStream(5).writable.getWriter().desiredSize);
    return done();
  },
};
