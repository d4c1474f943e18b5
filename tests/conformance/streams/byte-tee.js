export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const bytesOf = async (reader, byob) => {
      const out = [];
      for (;;) {
        const { value, done } = byob ? await reader.read(new Uint8Array(2)) : await reader.read();
        if (done) return out;
        out.push(...value);
        if (!byob) value.fill(99);  // writes to one branch's chunks do not reach the other
      }
    };
    const rs = new ReadableStream({
      type: "bytes",
      start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.enqueue(new Uint8Array([4, 5])); c.close(); },
    });
    const [a, b] = rs.tee();
    check("original locked", () => rs.locked);
    check("branches", () => [a instanceof ReadableStream, b instanceof ReadableStream, a.locked, b.locked]);
    const [x, y] = await Promise.all([bytesOf(a.getReader(), false), bytesOf(b.getReader({ mode: "byob" }), true)]);
    check("default branch", () => x);
    check("byob branch", () => y);
    // the branches of a byte stream are byte streams
    const [p, q] = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([7])); c.close(); } }).tee();
    check("branch byob reader", () => p.getReader({ mode: "byob" }).constructor.name);
    await acheck("other branch", () => bytesOf(q.getReader(), false));
    // canceling one branch leaves the other readable
    const rs2 = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([8, 9])); c.close(); }, cancel() { log("source canceled"); } });
    const [c1, c2] = rs2.tee();
    const canceled1 = c1.cancel("one");
    await acheck("after canceling branch 1", () => bytesOf(c2.getReader(), false));
    await acheck("branch 1 canceled", () => canceled1);
    // an error reaches both branches
    let ctrl;
    const rs3 = new ReadableStream({ type: "bytes", start(x) { ctrl = x; } });
    const [e1, e2] = rs3.tee();
    ctrl.error(new RangeError("bad bytes"));
    await acheck("branch 1 error", () => e1.getReader().read());
    await acheck("branch 2 error", () => e2.getReader({ mode: "byob" }).read(new Uint8Array(1)));
    return done();
  },
};
