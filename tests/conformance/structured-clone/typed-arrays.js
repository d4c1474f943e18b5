export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u8 = new Uint8Array([1, 2, 3]);
    check("Uint8Array", () => structuredClone(u8));
    check("distinct buffer", () => structuredClone(u8).buffer !== u8.buffer);
    check("Float64Array", () => structuredClone(new Float64Array([1.5, -0])));
    check("BigInt64Array", () => structuredClone(new BigInt64Array([1n, -1n])));
    check("ArrayBuffer", () => structuredClone(new Uint8Array([9, 8]).buffer));
    check("DataView", () => structuredClone(new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2)));
    const buf = new ArrayBuffer(8);
    const view = new Uint8Array(buf, 2, 3);
    const vc = structuredClone(view);
    check("view offset kept", () => [vc.byteOffset, vc.length, vc.buffer.byteLength]);
    const pair = structuredClone({ a: new Uint8Array(buf), b: new Uint16Array(buf) });
    check("shared buffer preserved", () => pair.a.buffer === pair.b.buffer);
    return done();
  },
};
