export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const settle = () => new Promise((r) => setTimeout(r, 1));
    const events = [];
    let n = 0;
    const rs = new ReadableStream({ pull(c) { c.enqueue(++n); return new Promise((r) => setTimeout(r, 1)); }, cancel(r) { events.push("source canceled: " + show(r)); } });
    const ws = new WritableStream({ write(c) { events.push("write"); }, abort(r) { events.push("dest aborted: " + show(r)); } });
    const controller = new AbortController();
    const p = rs.pipeTo(ws, { signal: controller.signal });
    await settle(); await settle();
    controller.abort(new TypeError("stop piping"));
    try { await p; } catch (e) { events.push("pipe rejected: " + show(e)); }
    check("events (sorted)", () => events.filter((e) => e !== "write").sort());
    check("some writes happened", () => events.includes("write"));
    check("unlocked", () => [rs.locked, ws.locked]);
    // the default reason is an AbortError DOMException
    const ac = new AbortController();
    const p2 = new ReadableStream({ pull(c) { c.enqueue(1); return new Promise((r) => setTimeout(r, 1)); } }).pipeTo(new WritableStream(), { signal: ac.signal });
    await settle();
    ac.abort();
    try { await p2; } catch (e) { log("default reason:", e.name, e instanceof DOMException); }
    // an already aborted signal: nothing is piped
    const wrote = [];
    const p3 = new ReadableStream({ start(c) { c.enqueue("x"); } }).pipeTo(new WritableStream({ write(c) { wrote.push(c); } }), { signal: AbortSignal.abort("pre") });
    await acheck("pre-aborted", () => p3.catch((e) => "rejected " + e));
    check("nothing written", () => wrote);
    // preventAbort and preventCancel leave the streams usable
    const ac4 = new AbortController();
    let canceled = false, aborted = false;
    const rs4 = new ReadableStream({ pull(c) { c.enqueue(1); return new Promise((r) => setTimeout(r, 1)); }, cancel() { canceled = true; } });
    const ws4 = new WritableStream({ abort() { aborted = true; } });
    const p4 = rs4.pipeTo(ws4, { signal: ac4.signal, preventAbort: true, preventCancel: true });
    await settle();
    ac4.abort("r4");
    await acheck("prevented", () => p4.catch((e) => "rejected " + e));
    check("neither touched", () => [canceled, aborted, rs4.locked, ws4.locked]);
    // aborting after the pipe finished does nothing
    const ac5 = new AbortController();
    await new ReadableStream({ start(c) { c.close(); } }).pipeTo(new WritableStream(), { signal: ac5.signal });
    ac5.abort();
    check("abort after done", () => ac5.signal.aborted);
    return done();
  },
};
