export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const settle = () => new Promise((r) => setTimeout(r, 1));
    const releases = [];
    const ws = new WritableStream({
      write(chunk) { return new Promise((r) => releases.push(r)); },
    }, { highWaterMark: 2 });
    const writer = ws.getWriter();
    const sizes = [writer.desiredSize];
    let readyResolved = false;
    writer.write("a"); sizes.push(writer.desiredSize);
    writer.write("b"); sizes.push(writer.desiredSize);
    writer.ready.then(() => { readyResolved = true; });
    await settle();
    check("desiredSize as writes queue", () => sizes);
    check("ready while full", () => readyResolved);
    writer.write("c");
    check("desiredSize over the mark", () => writer.desiredSize);
    releases.shift()();
    await settle();
    check("desiredSize after one write", () => writer.desiredSize);
    check("ready after one write", () => readyResolved);
    releases.shift()(); await settle(); releases.shift()(); await settle();
    check("desiredSize drained", () => writer.desiredSize);
    // a size() function measures chunks
    const ws2 = new WritableStream({ write() { return new Promise(() => {}); } }, { highWaterMark: 10, size(c) { return c.length; } });
    const w2 = ws2.getWriter();
    w2.write("abcd");
    const s2 = [w2.desiredSize];
    w2.write("abcdefgh"); s2.push(w2.desiredSize);
    check("desiredSize with size()", () => s2);
    // highWaterMark 0: backpressure from the start
    const ws3 = new WritableStream({}, { highWaterMark: 0 });
    const w3 = ws3.getWriter();
    check("desiredSize hwm 0", () => w3.desiredSize);
    // a throwing size() errors the stream
    const ws4 = new WritableStream({}, { size() { throw new RangeError("size"); } });
    const w4 = ws4.getWriter();
    await acheck("write with throwing size", () => w4.write("x"));
    await acheck("closed after throwing size", () => w4.closed);
    return done();
  },
};
