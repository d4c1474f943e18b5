export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const boom = new RangeError("source failed");
    // a source error aborts the destination with it
    let abortReason = "none";
    let c1;
    const rs = new ReadableStream({ start(c) { c1 = c; } });
    const p = rs.pipeTo(new WritableStream({ abort(r) { abortReason = r; } }));
    c1.error(boom);
    try { await p; } catch (e) { log("pipe rejected with the source error:", e === boom); }
    check("dest aborted with it", () => abortReason === boom);
    // preventAbort: the destination is left alone
    let aborted = false;
    let c2;
    const ws2 = new WritableStream({ abort() { aborted = true; } });
    const p2 = new ReadableStream({ start(c) { c2 = c; } }).pipeTo(ws2, { preventAbort: true });
    c2.error(boom);
    await p2.catch(() => {});
    check("preventAbort", () => [aborted, ws2.locked]);
    // a destination error cancels the source with it
    let cancelReason = "none";
    const bad = new SyntaxError("sink failed");
    const src = new ReadableStream({ pull(c) { c.enqueue("x"); }, cancel(r) { cancelReason = r; } });
    const p3 = src.pipeTo(new WritableStream({ write() { throw bad; } }));
    try { await p3; } catch (e) { log("pipe rejected with the sink error:", e === bad); }
    check("source canceled with it", () => cancelReason === bad);
    // preventCancel
    let canceled = false;
    const src4 = new ReadableStream({ pull(c) { c.enqueue("x"); }, cancel() { canceled = true; } });
    await src4.pipeTo(new WritableStream({ write() { throw bad; } }), { preventCancel: true }).catch(() => {});
    check("preventCancel", () => [canceled, src4.locked]);
    // a closed destination cancels the source
    let why = "none";
    const closedDest = new WritableStream();
    await closedDest.close();
    await acheck("pipe to a closed stream", () => new ReadableStream({ cancel(r) { why = r.name; } }).pipeTo(closedDest));
    check("source canceled with", () => why);
    // argument and lock errors reject
    await acheck("non-stream destination", () => new ReadableStream().pipeTo({}));
    await acheck("no destination", () => new ReadableStream().pipeTo());
    const locked = new ReadableStream(); locked.getReader();
    await acheck("locked source", () => locked.pipeTo(new WritableStream()));
    const lockedDest = new WritableStream(); lockedDest.getWriter();
    await acheck("locked destination", () => new ReadableStream().pipeTo(lockedDest));
    await acheck("bad signal", () => new ReadableStream().pipeTo(new WritableStream(), { signal: {} }));
    return done();
  },
};
