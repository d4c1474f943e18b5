export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let n = 0;
    const rs = new ReadableStream({
      type: "bytes",
      pull(c) {
        const req = c.byobRequest;
        log("pull", n, req.constructor.name, req.view.constructor.name, req.view.byteOffset, req.view.byteLength);
        if (n === 0) {
          req.view[0] = 10; req.view[1] = 11;
          req.respond(2);
        } else if (n === 1) {
          const v = new Uint8Array(req.view.buffer, req.view.byteOffset, 1);
          v[0] = 20;
          req.respondWithNewView(v);
        } else {
          c.close();
          req.respond(0);
        }
        log("after respond: byobRequest", show(c.byobRequest), "view", show(req.view));
        n++;
      },
    });
    const reader = rs.getReader({ mode: "byob" });
    const a = await reader.read(new Uint8Array(new ArrayBuffer(8), 1, 4));
    check("read a", () => [Array.from(a.value), a.value.byteOffset, a.done]);
    const b = await reader.read(new Uint8Array(4));
    check("read b", () => [Array.from(b.value), b.done]);
    const c = await reader.read(new Uint8Array(4));
    check("read c", () => [c.value.byteLength, c.done]);
    // enqueue() while a BYOB read is pending fills its view
    let ctrl;
    const rs2 = new ReadableStream({ type: "bytes", start(x) { ctrl = x; } });
    const r2 = rs2.getReader({ mode: "byob" });
    const p = r2.read(new Uint8Array(2));
    check("byobRequest view length", () => ctrl.byobRequest.view.byteLength);
    ctrl.enqueue(new Uint8Array([1, 2, 3]));
    const x = await p;
    check("enqueue into pending read", () => [Array.from(x.value), x.done]);
    const y = await r2.read(new Uint8Array(5));
    check("rest", () => Array.from(y.value));
    return done();
  },
};
