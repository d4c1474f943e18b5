export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const buf = new Uint8Array([1, 2, 3]).buffer;
    check("transfer", () => { const c = structuredClone(buf, { transfer: [buf] }); return [c.byteLength, buf.byteLength]; });
    const buf2 = new ArrayBuffer(4);
    check("transfer non-listed", () => { const c = structuredClone({ b: buf2 }, { transfer: [] }); return [c.b.byteLength, buf2.byteLength]; });
    check("transfer non-transferable", () => structuredClone(1, { transfer: [{}] }));
    check("options null", () => structuredClone(1, null));
    return done();
  },
};
