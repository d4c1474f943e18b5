// Where workerd's error handling departs from the Streams Standard (NOTES.md).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    // error() after close() while chunks are still queued errors the stream
    let c;
    const rs = new ReadableStream({ start(x) { c = x; } });
    c.enqueue("queued"); c.close(); c.error(new RangeError("late"));
    await acheck("read after close then error", async () => (await rs.getReader().read()).value);
    // releasing the reader of a closed stream rejects its closed promise
    const rs2 = new ReadableStream({ start(x) { x.close(); } });
    const r2 = rs2.getReader();
    r2.releaseLock();
    await acheck("closed after release", () => r2.closed);
    // an iteration that errors releases the reader, and the next next() is done
    const it = new ReadableStream({ start(x) { x.error(new URIError("bad")); } });
    const iter = it.values();
    await acheck("next on errored", async () => (await iter.next()).done);
    check("locked after the error", () => it.locked);
    await acheck("next after the error", async () => (await iter.next()).done);
    // cancel() after close() with chunks queued still calls the source's cancel
    let called = "no";
    const rs4 = new ReadableStream({ start(x) { x.enqueue(1); x.close(); }, cancel(r) { called = r; } });
    await rs4.cancel("why");
    check("cancel after close", () => called);
    // a sync iterator's last result ({ value, done: true }) is not a chunk
    let n = 0;
    const from = ReadableStream.from({ [Symbol.iterator]() { return { next() { n++; return { value: n, done: n > 2 }; } }; } });
    const out = []; for await (const x of from) out.push(x);
    check("from sync iterator", () => out);
    return done();
  },
};
