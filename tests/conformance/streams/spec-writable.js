// Where workerd's WritableStream departs from the Streams Standard (NOTES.md).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const settle = () => new Promise((r) => setTimeout(r, 1));
    // desiredSize is null while the stream is erroring (an abort waits for a write in flight)
    const ws = new WritableStream({ write() { return new Promise(() => {}); } });
    const writer = ws.getWriter();
    await settle();
    writer.write("in flight");
    writer.abort("stop");
    check("desiredSize while erroring", () => writer.desiredSize);
    // highWaterMark 0 means backpressure from the start: ready is pending
    const w0 = new WritableStream({}, { highWaterMark: 0 }).getWriter();
    let ready0 = false;
    w0.ready.then(() => { ready0 = true; });
    await settle();
    check("ready with highWaterMark 0", () => ready0);
    // close() of an errored stream rejects with a TypeError, not the stored error
    const w2 = new WritableStream({ write() { throw new RangeError("no"); } }).getWriter();
    await w2.write("x").catch(() => {});
    await acheck("close after a failed write", () => w2.close());
    // releaseLock() rejects ready as well as closed
    const w3 = new WritableStream().getWriter();
    w3.releaseLock();
    await acheck("ready after release", () => w3.ready);
    return done();
  },
};
