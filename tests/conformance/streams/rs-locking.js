export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); } });
    const reader = rs.getReader();
    check("locked", () => rs.locked);
    check("second getReader", () => rs.getReader());
    check("new reader on locked", () => new ReadableStreamDefaultReader(rs));
    await acheck("cancel while locked", () => rs.cancel());
    check("tee while locked", () => rs.tee());
    check("values while locked", () => rs.values());
    await acheck("read a", async () => (await reader.read()).value);
    reader.releaseLock();
    check("locked after release", () => rs.locked);
    await acheck("old reader closed", () => reader.closed);
    await acheck("old reader read", () => reader.read());
    await acheck("old reader cancel", () => reader.cancel());
    check("release again", () => reader.releaseLock());
    const r2 = new ReadableStreamDefaultReader(rs);
    await acheck("new reader reads b", async () => (await r2.read()).value);
    const pending = r2.read();
    r2.releaseLock();
    await acheck("pending read after release", () => pending);
    check("reader of non-stream", () => new ReadableStreamDefaultReader({}));
    check("reader without argument", () => new ReadableStreamDefaultReader());
    // releasing the reader of a closed stream
    const rs3 = new ReadableStream({ start(c) { c.close(); } });
    const r3 = rs3.getReader();
    await acheck("closed stream reader closed", () => r3.closed);
    r3.releaseLock();
    check("getReader on closed stream", () => rs3.getReader().constructor.name);
    return done();
  },
};
