export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const rd = async (p) => { const r = await p; return [r.value, r.done]; };
    let c;
    const rs = new ReadableStream({ start(x) { c = x; } });
    c.enqueue("a");
    c.close();
    check("close twice", () => c.close());
    check("enqueue after close", () => c.enqueue("b"));
    const reader = rs.getReader();
    await acheck("read queued chunk", () => rd(reader.read()));
    await acheck("read after close", () => rd(reader.read()));
    await acheck("closed", () => reader.closed);
    let e;
    const boom = new TypeError("boom");
    const rs2 = new ReadableStream({ start(x) { e = x; } });
    const r2 = rs2.getReader();
    const pending = r2.read();
    e.error(boom);
    try { await pending; } catch (err) { log("pending read rejected:", err === boom); }
    try { await r2.read(); } catch (err) { log("later read rejected:", err === boom); }
    try { await r2.closed; } catch (err) { log("closed rejected:", err === boom); }
    check("enqueue after error", () => e.enqueue("x"));
    check("close after error", () => e.close());
    check("error again is a no-op", () => e.error(new Error("again")));
    // chunks queued before an error are dropped
    let f;
    const rs3 = new ReadableStream({ start(x) { f = x; } });
    f.enqueue("lost"); f.error("reason string");
    const r3 = rs3.getReader();
    try { await r3.read(); } catch (err) { log("read after error with queued chunk:", show(err)); }
    r3.releaseLock();
    try { await rs3.getReader().read(); } catch (err) { log("new reader on errored:", show(err)); }
    return done();
  },
};
