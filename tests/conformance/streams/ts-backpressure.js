export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const settle = () => new Promise((r) => setTimeout(r, 1));
    const transformed = [];
    const ts = new TransformStream({ transform(chunk, c) { transformed.push(chunk); c.enqueue(chunk); } },
      { highWaterMark: 2 }, { highWaterMark: 1 });
    const writer = ts.writable.getWriter();
    check("writable desiredSize", () => writer.desiredSize);
    for (const x of ["a", "b", "c", "d"]) writer.write(x);
    await settle();
    const reader = ts.readable.getReader();
    await reader.read();
    await settle();
    const rest = [await reader.read(), await reader.read(), await reader.read()];
    check("rest", () => rest.map((r) => r.value));
    await settle();
    check("writable desiredSize, drained", () => writer.desiredSize);
    // controller.desiredSize follows the readable side
    let ctrl;
    const ts2 = new TransformStream({ start(c) { ctrl = c; } }, undefined, { highWaterMark: 3 });
    const sizes = [ctrl.desiredSize];
    ctrl.enqueue(1); sizes.push(ctrl.desiredSize);
    ctrl.enqueue(2); ctrl.enqueue(3); ctrl.enqueue(4); sizes.push(ctrl.desiredSize);
    check("controller desiredSize", () => sizes);
    return done();
  },
};
