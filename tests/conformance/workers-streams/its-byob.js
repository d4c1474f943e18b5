// The readable side of an IdentityTransformStream is a byte stream: a BYOB reader reads
// straight into its own buffer, and a write bigger than the view stays for the next read.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const tick = () => new Promise((res) => setTimeout(res, 5));
    const t = new IdentityTransformStream();
    const w = t.writable.getWriter();
    const r = t.readable.getReader({ mode: "byob" });
    let written = false;
    w.write(new Uint8Array([1, 2, 3, 4, 5, 6, 7])).then(() => { written = true; });

    const buffer = new ArrayBuffer(4);
    const a = await r.read(new Uint8Array(buffer));
    check("first", () => [a.value.constructor.name, Array.from(a.value), a.done]);
    check("view's buffer detached", () => buffer.byteLength);
    check("result's buffer", () => a.value.buffer.byteLength);
    await tick();
    check("write settled after 4 of 7", () => written);
    const b = await r.read(new Uint8Array(8));
    check("rest", () => [Array.from(b.value), b.value.byteOffset, b.value.buffer.byteLength]);
    await tick();
    check("write settled after 7 of 7", () => written);

    w.write(new Uint8Array([9, 8, 7]));
    const c = await r.read(new Uint8Array(new ArrayBuffer(10), 2, 5));
    check("into an offset view", () => [c.value.byteOffset, c.value.byteLength, Array.from(new Uint8Array(c.value.buffer))]);

    await acheck("empty view", () => r.read(new Uint8Array(0)));
    await acheck("not a view", () => r.read(new ArrayBuffer(3)));

    w.close();
    const d = await r.read(new Uint8Array(3));
    check("at the end", () => [d.done, d.value.constructor.name, d.value.byteLength, d.value.buffer.byteLength]);
    const e = await r.read(new Uint8Array(3));
    check("again", () => [e.done, e.value.byteLength]);
    return done();
  },
};
