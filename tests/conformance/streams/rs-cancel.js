export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const rd = async (p) => { const r = await p; return [r.value, r.done]; };
    let reason = "not called";
    const rs = new ReadableStream({ start(c) { c.enqueue("queued"); }, cancel(r) { reason = r; return "ignored"; } });
    await acheck("cancel result", () => rs.cancel("because"));
    check("source saw reason", () => reason);
    await acheck("read after cancel", () => rd(rs.getReader().read()));
    await acheck("cancel again", () => rs.cancel("twice"));
    // a reader's cancel resolves its pending reads with done
    let c;
    const rs2 = new ReadableStream({ start(x) { c = x; }, cancel(r) { log("cancel got", show(r)); } });
    const reader = rs2.getReader();
    const pending = reader.read();
    await acheck("reader.cancel", () => reader.cancel(undefined));
    await acheck("pending read", () => rd(pending));
    await acheck("reader.closed", () => reader.closed);
    check("locked after reader.cancel", () => rs2.locked);
    // a cancel that throws or rejects rejects cancel()
    const rs3 = new ReadableStream({ cancel() { throw new RangeError("nope"); } });
    await acheck("throwing cancel", () => rs3.cancel());
    const rs4 = new ReadableStream({ cancel() { return Promise.reject(new SyntaxError("no")); } });
    await acheck("rejecting cancel", () => rs4.cancel());
    // cancel of an errored stream rejects with the stored error
    const rs5 = new ReadableStream({ start(x) { x.error(new EvalError("stored")); } });
    await acheck("cancel errored", () => rs5.cancel());
    // cancel waits for the source's promise
    let resolveCancel;
    const rs6 = new ReadableStream({ cancel() { return new Promise((r) => { resolveCancel = r; }); } });
    let settled = false;
    const p = rs6.cancel().then(() => { settled = true; });
    await null; await null;
    check("settled before source cancel resolves", () => settled);
    resolveCancel("value"); await p;
    check("settled after", () => settled);
    return done();
  },
};
