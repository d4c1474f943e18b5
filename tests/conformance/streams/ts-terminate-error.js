export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let ctrl;
    const ts = new TransformStream({ start(c) { ctrl = c; } });
    const writer = ts.writable.getWriter();
    const reader = ts.readable.getReader();
    ctrl.enqueue("before");
    ctrl.terminate();
    const r1 = await reader.read();
    const r2 = await reader.read();
    check("reads", () => [r1.value, r1.done, r2.done]);
    await acheck("write after terminate", () => writer.write("x"));
    await acheck("writer closed", () => writer.closed);
    check("enqueue after terminate", () => ctrl.enqueue("late"));
    // controller.error() errors both sides
    let c2;
    const ts2 = new TransformStream({ start(c) { c2 = c; } });
    const w2 = ts2.writable.getWriter();
    const rd2 = ts2.readable.getReader();
    const boom = new RangeError("boom");
    c2.error(boom);
    try { await rd2.read(); } catch (e) { log("read rejected:", e === boom); }
    try { await w2.write("x"); } catch (e) { log("write rejected:", e === boom); }
    check("desiredSize errored", () => c2.desiredSize);
    // a throwing transform errors both sides with its exception
    const ts3 = new TransformStream({ transform() { throw new SyntaxError("bad chunk"); } });
    const w3 = ts3.writable.getWriter();
    const rd3 = ts3.readable.getReader();
    const read3 = rd3.read();  // (a write waits until the readable side wants a chunk)
    await acheck("write to throwing transform", () => w3.write("x"));
    await acheck("read from throwing transform", () => read3);
    // a rejecting flush errors the readable
    const ts4 = new TransformStream({ flush() { return Promise.reject(new URIError("flush")); } });
    const w4 = ts4.writable.getWriter();
    const rd4 = ts4.readable.getReader();
    await acheck("close with rejecting flush", () => w4.close());
    await acheck("read after rejecting flush", () => rd4.read());
    return done();
  },
};
