export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let c;
    const rs = new ReadableStream({ type: "bytes", start(x) { c = x; } });
    check("controller", () => c.constructor.name);
    check("desiredSize (hwm 0)", () => c.desiredSize);
    check("byobRequest with no read", () => c.byobRequest);
    const chunk = new Uint8Array([1, 2, 3]);
    c.enqueue(chunk);
    check("enqueued view detached", () => [chunk.byteLength, chunk.buffer.byteLength]);
    check("desiredSize after enqueue", () => c.desiredSize);
    const reader = rs.getReader();
    const first = await reader.read();
    log("read", first.value.constructor.name, show(Array.from(first.value)), first.done);
    // every view type is read back as a Uint8Array over the same bytes
    for (const view of [new Uint16Array([0x0201]), new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2)]) {
      let vc;
      const vs = new ReadableStream({ type: "bytes", start(x) { vc = x; } });
      vc.enqueue(view);
      const r = await vs.getReader().read();
      log("read", view.constructor.name, "as", r.value.constructor.name, show(Array.from(r.value)), r.done);
    }
    c.close();
    const end = await reader.read();
    check("done", () => [end.value, end.done]);
    await acheck("closed", () => reader.closed);
    // a read waiting on an empty byte stream gets the next enqueue
    let c2;
    const rs2 = new ReadableStream({ type: "bytes", start(x) { c2 = x; } });
    const r2 = rs2.getReader();
    const p = r2.read();
    c2.enqueue(new Uint8Array([42]));
    const got = await p;
    check("pending read", () => [Array.from(got.value), got.done]);
    // the byte stream's pull gets the controller
    let pulls = 0;
    const rs3 = new ReadableStream({ type: "bytes", pull(x) { pulls++; x.enqueue(new Uint8Array([pulls])); if (pulls === 2) x.close(); } });
    const out = [];
    for await (const v of rs3) out.push(...v);
    check("pulled bytes", () => out);
    return done();
  },
};
