export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const rs = new ReadableStream({
      type: "bytes",
      start(c) { c.enqueue(new Uint8Array([1, 2, 3, 4, 5, 6, 7])); c.close(); },
    });
    const reader = rs.getReader({ mode: "byob" });
    check("reader", () => reader.constructor.name);
    check("locked", () => rs.locked);
    const view = new Uint8Array(3);
    const r1 = await reader.read(view);
    check("read 1", () => [Array.from(r1.value), r1.done]);
    check("given view detached", () => view.byteLength);
    check("result view", () => [r1.value.byteOffset, r1.value.byteLength, r1.value.buffer.byteLength]);
    const r2 = await reader.read(new Uint8Array(new ArrayBuffer(10), 2, 6));
    check("read 2 (offset view)", () => [Array.from(r2.value), r2.value.byteOffset, r2.value.buffer.byteLength]);
    const r3 = await reader.read(new Uint8Array(4));
    check("read 3 (closed)", () => [r3.value.constructor.name, r3.value.byteLength, r3.value.buffer.byteLength, r3.done]);
    await acheck("closed", () => reader.closed);
    // reading into other view types
    const rs2 = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 0, 2, 0, 3])); c.close(); } });
    const r = rs2.getReader({ mode: "byob" });
    const u16 = await r.read(new Uint16Array(4));
    check("Uint16Array read", () => [u16.value.constructor.name, Array.from(u16.value)]);
    const dv = await r.read(new DataView(new ArrayBuffer(4)));
    check("DataView read", () => [dv.value.constructor.name, dv.value.byteLength, dv.value.getUint8(0)]);
    // the reader also works with new ReadableStreamBYOBReader()
    const rs3 = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([7])); } });
    const r4 = new ReadableStreamBYOBReader(rs3);
    const got = await r4.read(new Uint8Array(8));
    check("constructed reader", () => [Array.from(got.value), got.done]);
    r4.releaseLock();
    check("released", () => rs3.locked);
    return done();
  },
};
