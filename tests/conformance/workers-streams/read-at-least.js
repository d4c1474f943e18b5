// ReadableStreamBYOBReader.readAtLeast(minElements, view) (Workers' extension): waits for at
// least minElements (of the view's type), reading partial writes together; at the end, what is
// left short of the minimum comes as a last chunk, then the end.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("typeof", () => typeof ReadableStreamBYOBReader.prototype.readAtLeast);
    const t = new IdentityTransformStream();
    const w = t.writable.getWriter();
    const r = t.readable.getReader({ mode: "byob" });
    (async () => {
      for (const n of [1, 2, 3, 4]) {
        await w.write(new Uint8Array(n).fill(n));
        await new Promise((res) => setTimeout(res, 1));
      }
      await w.close();
    })();
    const a = await r.readAtLeast(4, new Uint8Array(8));
    check("at least 4", () => [a.value.constructor.name, Array.from(a.value), a.done]);
    const b = await r.readAtLeast(5, new Uint8Array(8));
    check("at least 5 of the last 4", () => [Array.from(b.value), b.done]);
    const c = await r.readAtLeast(1, new Uint8Array(8));
    check("then", () => [c.done, c.value.byteLength]);

    const t2 = new IdentityTransformStream();
    const r2 = t2.readable.getReader({ mode: "byob" });
    await acheck("min 0", () => r2.readAtLeast(0, new Uint8Array(4)));
    await acheck("min -1", () => r2.readAtLeast(-1, new Uint8Array(4)));
    await acheck("min more than the view", () => r2.readAtLeast(5, new Uint8Array(4)));
    await acheck("min \"x\"", () => r2.readAtLeast("x", new Uint8Array(4)));
    await acheck("min 2**32 + 1", () => r2.readAtLeast(2 ** 32 + 1, new Uint8Array(4)));
    await acheck("no view", () => r2.readAtLeast(1));
    await acheck("an ArrayBuffer", () => r2.readAtLeast(1, new ArrayBuffer(4)));
    await acheck("an empty view", () => r2.readAtLeast(1, new Uint8Array(0)));
    await acheck("3 elements of a Uint16Array(2)", () => r2.readAtLeast(3, new Uint16Array(2)));
    const w2 = t2.writable.getWriter();
    w2.write(new Uint8Array([1, 2, 3]));
    await acheck("min \"2\"", async () => Array.from((await r2.readAtLeast("2", new Uint8Array(4))).value));
    await acheck("min 2.9", async () => {
      w2.write(new Uint8Array([4]));
      w2.write(new Uint8Array([5]));
      return Array.from((await r2.readAtLeast(2.9, new Uint8Array(4))).value);
    });
    r2.releaseLock();
    await acheck("released", () => r2.readAtLeast(1, new Uint8Array(1)));
    check("on a default reader", () => typeof t2.readable.getReader().readAtLeast);
    return done();
  },
};
