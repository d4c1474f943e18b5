// Where workerd's TransformStream departs from the Streams Standard (NOTES.md).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const settle = () => new Promise((r) => setTimeout(r, 1));
    // the readable side's highWaterMark holds back the transform until chunks are read
    const transformed = [];
    const ts = new TransformStream({ transform(chunk, c) { transformed.push(chunk); c.enqueue(chunk); } },
      { highWaterMark: 2 }, { highWaterMark: 1 });
    const writer = ts.writable.getWriter();
    for (const x of ["a", "b", "c", "d"]) writer.write(x);
    await settle();
    check("transformed before any read", () => transformed.slice());
    check("writable desiredSize, blocked", () => writer.desiredSize);
    await ts.readable.getReader().read();
    await settle();
    check("transformed after one read", () => transformed.slice());
    // after terminate() the readable side is closed: desiredSize is 0
    let ctrl;
    new TransformStream({ start(c) { ctrl = c; } });
    ctrl.terminate();
    check("desiredSize after terminate", () => ctrl.desiredSize);
    return done();
  },
};
