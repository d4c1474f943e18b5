export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let count = 0;
    const rs = new ReadableStream({
      type: "bytes",
      autoAllocateChunkSize: 4,
      pull(c) {
        const req = c.byobRequest;
        log("pull byobRequest", req === null ? "null" : req.view.byteLength);
        if (count++ === 2) { c.close(); req.respond(0); return; }
        req.view.set([count, count, count].slice(0, 3));
        req.respond(3);
      },
    });
    const reader = rs.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      log("chunk", value.constructor.name, show(Array.from(value)), value.buffer.byteLength);
    }
    // a byte stream without autoAllocateChunkSize, read with a default reader
    const rs2 = new ReadableStream({
      type: "bytes",
      pull(c) { c.enqueue(new Uint8Array([5])); c.close(); },
    });
    const r2 = await rs2.getReader().read();
    check("no auto read", () => Array.from(r2.value));
    return done();
  },
};
