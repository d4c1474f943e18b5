export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const collect = async (rs) => { const out = []; for await (const x of rs) out.push(x); return out; };
    const obj = { n: 1 };
    const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue(obj); c.close(); } });
    const branches = rs.tee();
    check("array of two", () => [Array.isArray(branches), branches.length]);
    check("locked", () => rs.locked);
    const [a, b] = await Promise.all(branches.map(collect));
    check("branch a", () => a.map(show));
    check("branch b", () => b.map(show));
    check("same chunk objects", () => a[1] === obj && b[1] === obj);
    // reading one branch only: the other buffers
    let pulls = 0;
    const rs2 = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); if (pulls === 3) c.close(); } });
    const [x, y] = rs2.tee();
    await acheck("read x only", () => collect(x));
    await acheck("then y", () => collect(y));
    // canceling one branch: the source is not canceled, the other branch still reads
    let canceled = "no";
    const rs3 = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); }, cancel(r) { canceled = r; } });
    const [p, q] = rs3.tee();
    // (p's cancel() settles once q is done too: it waits for the source to close)
    const pCanceled = p.cancel("p only");
    check("source canceled after one", () => canceled);
    await acheck("q", () => collect(q));
    await acheck("p canceled", () => pCanceled);
    // an error reaches both branches
    let ctrl;
    const rs4 = new ReadableStream({ start(c) { ctrl = c; } });
    const [e1, e2] = rs4.tee();
    const boom = new TypeError("boom");
    ctrl.error(boom);
    for (const [n, e] of [["e1", e1], ["e2", e2]]) {
      try { await e.getReader().read(); } catch (err) { log(n, "rejected with the error:", err === boom); }
    }
    return done();
  },
};
