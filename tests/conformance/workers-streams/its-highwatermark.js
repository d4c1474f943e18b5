// IdentityTransformStream({ highWaterMark }) counts the bytes written but not yet read; without
// one, the writer never sees backpressure (desiredSize 1).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const tick = () => new Promise((res) => setTimeout(res, 5));
    check("default", () => new IdentityTransformStream().writable.getWriter().desiredSize);
    check("null strategy", () => new IdentityTransformStream(null).writable.getWriter().desiredSize);
    check("empty strategy", () => new IdentityTransformStream({}).writable.getWriter().desiredSize);
    check("hwm 10", () => new IdentityTransformStream({ highWaterMark: 10 }).writable.getWriter().desiredSize);
    check("hwm \"4\"", () => new IdentityTransformStream({ highWaterMark: "4" }).writable.getWriter().desiredSize);
    check("hwm 1.5", () => new IdentityTransformStream({ highWaterMark: 1.5 }).writable.getWriter().desiredSize);
    check("hwm 0", () => new IdentityTransformStream({ highWaterMark: 0 }).writable.getWriter().desiredSize);
    check("hwm -1", () => new IdentityTransformStream({ highWaterMark: -1 }));
    check("hwm NaN", () => new IdentityTransformStream({ highWaterMark: NaN }));
    check("strategy 5", () => new IdentityTransformStream(5));
    check("strategy string", () => new IdentityTransformStream("x"));

    const t = new IdentityTransformStream({ highWaterMark: 4 });
    const w = t.writable.getWriter();
    w.write(new Uint8Array(3));
    check("after 3 bytes", () => w.desiredSize);
    w.write(new Uint8Array(3));
    check("after 6 bytes", () => w.desiredSize);
    await tick();
    check("nobody read", () => w.desiredSize);
    const r = t.readable.getReader();
    await r.read();
    await tick();
    check("after one read", () => w.desiredSize);
    await r.read();
    await tick();
    check("after two reads", () => w.desiredSize);

    const u = new IdentityTransformStream();
    const uw = u.writable.getWriter();
    uw.write(new Uint8Array(100000));
    check("no highWaterMark, 100000 unread", () => uw.desiredSize);
    return done();
  },
};
