// readAtLeast() on a JavaScript byte stream (type: "bytes"): minElements counts elements of the
// view's type; at the end, bytes short of the minimum still come as a chunk (done false).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let n = 0;
    const rs = new ReadableStream({
      type: "bytes",
      pull(c) {
        n++;
        if (n <= 3) c.enqueue(new Uint8Array([n, n]));
        else { c.close(); c.byobRequest.respond(0); }
      },
    });
    const r = rs.getReader({ mode: "byob" });
    const a = await r.readAtLeast(3, new Uint8Array(8));
    check("at least 3", () => [a.value.constructor.name, Array.from(a.value), a.done]);
    const b = await r.readAtLeast(3, new Uint8Array(8));
    check("at least 3 of the last 2", () => [Array.from(b.value), b.done]);
    const c = await r.readAtLeast(1, new Uint8Array(8));
    check("then", () => [c.value.byteLength, c.done]);

    let m = 0;
    const rs2 = new ReadableStream({ type: "bytes", pull(c) { m++; c.enqueue(new Uint8Array([m, m, m])); } });
    const r2 = rs2.getReader({ mode: "byob" });
    const d = await r2.readAtLeast(2, new Uint16Array(4));
    check("2 elements of a Uint16Array", () => [d.value.constructor.name, d.value.length, d.done]);
    check("pulls", () => m);

    check("a BYOB reader on a default stream", () => new ReadableStream().getReader({ mode: "byob" }));
    return done();
  },
};
