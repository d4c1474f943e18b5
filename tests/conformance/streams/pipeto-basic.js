export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const chunks = [];
    let closed = false;
    const rs = new ReadableStream({ start(c) { ["a", "b", "c"].forEach((x) => c.enqueue(x)); c.close(); } });
    const ws = new WritableStream({ write(c) { chunks.push(c); }, close() { closed = true; } });
    const p = rs.pipeTo(ws);
    check("locked while piping", () => [rs.locked, ws.locked]);
    await acheck("pipeTo", () => p);
    check("written", () => chunks);
    check("dest closed", () => closed);
    check("unlocked after", () => [rs.locked, ws.locked]);
    // preventClose leaves the destination open
    const out = [];
    const ws2 = new WritableStream({ write(c) { out.push(c); }, close() { out.push("closed"); } });
    await new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).pipeTo(ws2, { preventClose: true });
    check("ws2 locked after preventClose pipe", () => ws2.locked);
    const w = ws2.getWriter();
    await w.write(2); await w.close();
    check("preventClose", () => out);
    // a slow sink: backpressure paces the reads
    let pulls = 0;
    const slow = new WritableStream({ write() { return new Promise((r) => setTimeout(r, 1)); } }, { highWaterMark: 1 });
    await new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); if (pulls === 5) c.close(); } }, { highWaterMark: 0 }).pipeTo(slow);
    check("pulls", () => pulls);
    // piping an already closed stream closes the destination
    let closed3 = false;
    await new ReadableStream({ start(c) { c.close(); } }).pipeTo(new WritableStream({ close() { closed3 = true; } }));
    check("closed source", () => closed3);
    return done();
  },
};
