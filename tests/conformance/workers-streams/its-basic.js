// IdentityTransformStream: a TransformStream whose writable side takes bytes and whose
// readable side gives them back as Uint8Arrays, one chunk per write.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const t = new IdentityTransformStream();
    check("typeof", () => typeof IdentityTransformStream);
    check("instanceof TransformStream", () => t instanceof TransformStream);
    check("readable", () => t.readable instanceof ReadableStream);
    check("writable", () => t.writable instanceof WritableStream);
    check("same readable", () => t.readable === t.readable);
    check("byob reader", () => t.readable.getReader({ mode: "byob" }) instanceof ReadableStreamBYOBReader);
    check("called without new", () => IdentityTransformStream());

    const t2 = new IdentityTransformStream();
    const w = t2.writable.getWriter();
    const r = t2.readable.getReader();
    w.write(new Uint8Array([1, 2]));
    w.write(new Uint8Array(0));  // nothing to read
    w.write(undefined);          // nothing either
    w.write(new ArrayBuffer(2));
    w.write(new DataView(new Uint8Array([7, 8, 9]).buffer, 1));
    w.write(new Uint16Array([258]));
    w.write(new Uint8Array([5, 6, 7, 8]).subarray(1, 3));
    w.write("hé");               // strings go as UTF-8
    const closed = w.close();
    const chunks = [];
    for (;;) {
      const { value, done } = await r.read();
      if (done) break;
      chunks.push(value.constructor.name + "[" + Array.from(value) + "]");
    }
    check("chunks", () => chunks);
    await acheck("close", async () => { await closed; return "resolved"; });
    await acheck("reader closed", async () => { await r.closed; return "resolved"; });
    return done();
  },
};
