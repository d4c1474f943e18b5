export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const b = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
    check("byte hwm", () => b.highWaterMark);
    check("byte size", () => [b.size(new Uint8Array(5)), b.size({ byteLength: 7 }), b.size(new ArrayBuffer(3))]);
    check("byte size typeof", () => typeof b.size);
    const c = new CountQueuingStrategy({ highWaterMark: 2 });
    check("count hwm", () => c.highWaterMark);
    check("count size", () => [c.size("anything"), c.size()]);
    check("hwm converted", () => [new CountQueuingStrategy({ highWaterMark: "4" }).highWaterMark, new ByteLengthQueuingStrategy({ highWaterMark: -1 }).highWaterMark]);
    check("no init", () => new CountQueuingStrategy());
    check("init null", () => new ByteLengthQueuingStrategy(null));
    check("instances", () => [b instanceof ByteLengthQueuingStrategy, c instanceof CountQueuingStrategy]);
    // used as stream strategies
    let ctrl;
    new ReadableStream({ start(x) { ctrl = x; } }, new ByteLengthQueuingStrategy({ highWaterMark: 10 }));
    const sizes = [ctrl.desiredSize];
    ctrl.enqueue(new Uint8Array(4)); sizes.push(ctrl.desiredSize);
    ctrl.enqueue(new Uint8Array(8)); sizes.push(ctrl.desiredSize);
    check("readable with ByteLength", () => sizes);
    const ws = new WritableStream({ write() { return new Promise(() => {}); } }, new CountQueuingStrategy({ highWaterMark: 3 }));
    const w = ws.getWriter();
    const ws2 = [w.desiredSize];
    w.write("a"); w.write("b"); ws2.push(w.desiredSize);
    check("writable with Count", () => ws2);
    const ts = new TransformStream({}, new ByteLengthQueuingStrategy({ highWaterMark: 4 }), new CountQueuingStrategy({ highWaterMark: 2 }));
    check("transform writable desiredSize", () => ts.writable.getWriter().desiredSize);
    // a plain object strategy works too
    let c2;
    new ReadableStream({ start(x) { c2 = x; } }, { highWaterMark: 5, size: () => 2 });
    c2.enqueue("x");
    check("plain strategy", () => c2.desiredSize);
    return done();
  },
};
