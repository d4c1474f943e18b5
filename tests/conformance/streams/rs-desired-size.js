export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let c;
    const rs = new ReadableStream({ start(x) { c = x; } }, { highWaterMark: 3 });
    const sizes = [c.desiredSize];
    c.enqueue("a"); sizes.push(c.desiredSize);
    c.enqueue("b"); c.enqueue("c"); sizes.push(c.desiredSize);
    c.enqueue("d"); sizes.push(c.desiredSize);
    const reader = rs.getReader();
    await reader.read(); sizes.push(c.desiredSize);
    c.close(); sizes.push(c.desiredSize);
    await reader.read(); await reader.read(); await reader.read();
    sizes.push(c.desiredSize);
    check("desiredSize (hwm 3)", () => sizes);
    let c2;
    new ReadableStream({ start(x) { c2 = x; } }, { highWaterMark: 10, size(chunk) { return chunk.length; } });
    const s2 = [c2.desiredSize];
    c2.enqueue("abcd"); s2.push(c2.desiredSize);
    c2.enqueue("abcdefgh"); s2.push(c2.desiredSize);
    check("desiredSize with size()", () => s2);
    let c3;
    new ReadableStream({ start(x) { c3 = x; } });
    c3.error(new Error("x"));
    check("desiredSize errored", () => c3.desiredSize);
    let c4;
    const rs4 = new ReadableStream({ start(x) { c4 = x; } }, { highWaterMark: 0 });
    check("desiredSize hwm 0", () => c4.desiredSize);
    const r4 = rs4.getReader(); r4.read();
    c4.enqueue("direct");
    check("desiredSize after direct fulfill", () => c4.desiredSize);
    return done();
  },
};
