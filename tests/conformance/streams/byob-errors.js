export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("byob reader on a default stream", () => new ReadableStream().getReader({ mode: "byob" }));
    check("ReadableStreamBYOBReader on a default stream", () => new ReadableStreamBYOBReader(new ReadableStream()));
    check("mode foo", () => new ReadableStream({ type: "bytes" }).getReader({ mode: "foo" }));
    let c;
    const rs = new ReadableStream({ type: "bytes", start(x) { c = x; } });
    const reader = rs.getReader({ mode: "byob" });
    await acheck("read() without a view", () => reader.read());
    await acheck("read(empty view)", () => reader.read(new Uint8Array(0)));
    await acheck("read(non-view)", () => reader.read(new ArrayBuffer(4)));
    await acheck("read(array)", () => reader.read([1, 2]));
    const detached = new Uint8Array(4);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    await acheck("read(detached view)", () => reader.read(detached));
    check("enqueue(empty)", () => c.enqueue(new Uint8Array(0)));
    check("enqueue(non-view)", () => c.enqueue("abc"));
    // each bad respond() gets a fresh request (workerd cannot go on after one)
    const fresh = () => {
      let ctrl;
      const r = new ReadableStream({ type: "bytes", start(x) { ctrl = x; } }).getReader({ mode: "byob" });
      const read = r.read(new Uint8Array(4));
      return { req: ctrl.byobRequest, read };
    };
    check("respond(0) while readable", () => fresh().req.respond(0));
    check("respond(too many)", () => fresh().req.respond(5));
    check("respond(-1)", () => fresh().req.respond(-1));
    check("respondWithNewView(wrong offset)", () => { const { req } = fresh(); req.respondWithNewView(new Uint8Array(req.view.buffer, 1, 1)); });
    const { req, read } = fresh();
    req.respond(1);
    check("respond after answered", () => req.respond(1));
    check("view after answered", () => req.view);
    const got = await read;
    check("read after respond", () => [got.value.length, got.done]);
    c.close();
    check("close twice", () => c.close());
    check("enqueue after close", () => c.enqueue(new Uint8Array(1)));
    reader.releaseLock();
    await acheck("read after release", () => reader.read(new Uint8Array(1)));
    return done();
  },
};
