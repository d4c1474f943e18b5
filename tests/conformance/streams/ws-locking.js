export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const ws = new WritableStream();
    const writer = ws.getWriter();
    check("second getWriter", () => ws.getWriter());
    check("new writer on locked", () => new WritableStreamDefaultWriter(ws));
    await acheck("stream abort while locked", () => ws.abort());
    await acheck("stream close while locked", () => ws.close());
    writer.releaseLock();
    check("locked after release", () => ws.locked);
    await acheck("closed after release", () => writer.closed);
    check("desiredSize after release", () => writer.desiredSize);
    await acheck("write after release", () => writer.write("x"));
    await acheck("close after release", () => writer.close());
    await acheck("abort after release", () => writer.abort());
    check("release twice", () => writer.releaseLock());
    const w2 = new WritableStreamDefaultWriter(ws);
    check("new writer", () => [w2.constructor.name, ws.locked]);
    await acheck("close twice", async () => { const p = w2.close(); try { await w2.close(); } catch (e) { await p; return "second " + e.name; } });
    await acheck("write after close", () => w2.write("late"));
    check("writer of non-stream", () => new WritableStreamDefaultWriter({}));
    check("writer without argument", () => new WritableStreamDefaultWriter());
    // a writer got after the stream closed
    const w3 = ws.getWriter === undefined ? null : (w2.releaseLock(), ws.getWriter());
    await acheck("new writer on closed stream: closed", () => w3.closed);
    check("new writer on closed stream: desiredSize", () => w3.desiredSize);
    return done();
  },
};
