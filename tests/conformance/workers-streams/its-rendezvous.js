// Nothing is buffered between the two sides: a write settles once readers took all of its
// bytes. A default reader takes at most 4096 bytes a read; a write is copied when it is made.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const tick = () => new Promise((res) => setTimeout(res, 5));
    const state = (p) => { let s = "pending"; p.then(() => { s = "resolved"; }, () => { s = "rejected"; }); return () => s; };

    const t = new IdentityTransformStream();
    const w = t.writable.getWriter();
    const big = w.write(new Uint8Array(10000).fill(7));
    const bigState = state(big);
    await tick();
    check("before any read", () => bigState());
    const r = t.readable.getReader();
    const sizes = [];
    for (let i = 0; i < 2; i++) sizes.push((await r.read()).value.byteLength);
    await tick();
    check("after 8192 bytes", () => bigState());
    sizes.push((await r.read()).value.byteLength);
    await tick();
    check("after all", () => bigState());
    check("read sizes", () => sizes);

    const buf = new Uint8Array([1, 2, 3]);
    w.write(buf);
    w.write(buf);
    buf[0] = 9;
    const a = await r.read();
    const b = await r.read();
    check("copied at write", () => [Array.from(a.value), Array.from(b.value)]);

    const closing = w.close();
    await acheck("close without a reader waiting", async () => { await closing; return "resolved"; });
    await acheck("then the reader sees the end", async () => (await r.read()).done);
    return done();
  },
};
