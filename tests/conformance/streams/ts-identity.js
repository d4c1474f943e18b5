export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const ts = new TransformStream();
    check("sides", () => [ts.readable instanceof ReadableStream, ts.writable instanceof WritableStream]);
    check("same objects each time", () => ts.readable === ts.readable && ts.writable === ts.writable);
    const writer = ts.writable.getWriter();
    const reader = ts.readable.getReader();
    const obj = { a: 1 };
    writer.write("x"); writer.write(obj); writer.close();
    const out = [];
    for (;;) { const r = await reader.read(); if (r.done) break; out.push(r.value); }
    check("chunks", () => [out[0], out[1] === obj, out.length]);
    await acheck("writer closed", () => writer.closed);
    await acheck("reader closed", () => reader.closed);
    // the readable's chunks come out in the order written, across many writes
    const ts2 = new TransformStream();
    const w2 = ts2.writable.getWriter();
    (async () => { for (let i = 0; i < 5; i++) await w2.write(i); await w2.close(); })();
    const got = [];
    for await (const x of ts2.readable) got.push(x);
    check("many", () => got);
    return done();
  },
};
