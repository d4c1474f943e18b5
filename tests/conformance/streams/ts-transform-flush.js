export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const events = [];
    const transformer = {
      start(c) { events.push("start " + c.constructor.name + " " + c.desiredSize); },
      transform(chunk, c) { events.push("transform " + chunk + " " + (this === transformer)); c.enqueue(chunk.toUpperCase()); c.enqueue("|"); },
      flush(c) { events.push("flush " + (this === transformer)); c.enqueue("END"); },
    };
    const ts = new TransformStream(transformer);
    const writer = ts.writable.getWriter();
    writer.write("ab"); writer.write("cd"); writer.close();
    const out = [];
    for await (const x of ts.readable) out.push(x);
    check("out", () => out.join(""));
    check("events", () => events);
    // an async transform: writes wait for it
    const ts2 = new TransformStream({ async transform(chunk, c) { await new Promise((r) => setTimeout(r, 1)); c.enqueue(chunk * 2); } });
    const w2 = ts2.writable.getWriter();
    const r2 = ts2.readable.getReader();
    const writes = [w2.write(1), w2.write(2)];
    const reads = [await r2.read(), await r2.read()];
    await Promise.all(writes);
    check("async transform", () => reads.map((r) => r.value));
    // a transform that enqueues nothing drops the chunk
    const ts3 = new TransformStream({ transform(chunk, c) { if (chunk % 2) c.enqueue(chunk); } });
    const w3 = ts3.writable.getWriter();
    [1, 2, 3, 4, 5].forEach((x) => w3.write(x)); w3.close();
    const odd = []; for await (const x of ts3.readable) odd.push(x);
    check("filter", () => odd);
    // start's promise delays the first transform
    const ev = [];
    let go;
    const ts4 = new TransformStream({ start() { return new Promise((r) => { go = r; }); }, transform(c) { ev.push("transform " + c); } });
    const w4 = ts4.writable.getWriter();
    const wp = w4.write("x");
    ts4.readable.getReader().read();
    await new Promise((r) => setTimeout(r, 1));
    ev.push("start resolves"); go(); await wp;
    check("start first", () => ev);
    return done();
  },
};
