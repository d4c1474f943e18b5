export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const upper = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
    const exclaim = new TransformStream({ transform(chunk, c) { c.enqueue(chunk + "!"); } });
    const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
    const out = rs.pipeThrough(upper).pipeThrough(exclaim);
    check("returns the readable side", () => out === exclaim.readable);
    check("source locked", () => rs.locked);
    const got = [];
    for await (const x of out) got.push(x);
    check("chained", () => got);
    // any { readable, writable } pair works
    const ts = new TransformStream();
    const pair = { writable: ts.writable, readable: ts.readable };
    const r = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).pipeThrough(pair);
    check("pair", () => r === ts.readable);
    // errors are thrown synchronously
    check("no argument", () => new ReadableStream().pipeThrough());
    check("missing readable", () => new ReadableStream().pipeThrough({ writable: new WritableStream() }));
    check("missing writable", () => new ReadableStream().pipeThrough({ readable: new ReadableStream() }));
    const locked = new ReadableStream(); locked.getReader();
    check("locked source", () => locked.pipeThrough(new TransformStream()));
    const t2 = new TransformStream(); t2.writable.getWriter();
    check("locked writable", () => new ReadableStream().pipeThrough(t2));
    check("bad signal", () => new ReadableStream().pipeThrough(new TransformStream(), { signal: 1 }));
    // a failing transform errors the output and cancels the source
    let canceled = "no";
    const src = new ReadableStream({ start(c) { c.enqueue("x"); }, cancel(r) { canceled = r.message; } });
    const failed = src.pipeThrough(new TransformStream({ transform() { throw new TypeError("transform failed"); } }));
    await acheck("failed output", () => failed.getReader().read());
    await new Promise((r) => setTimeout(r, 1));
    check("source canceled", () => canceled);
    return done();
  },
};
