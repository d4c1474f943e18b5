function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const ab = new Uint8Array([1, 2, 3, 4]).buffer;
    const u8 = new Uint8Array([10, 11, 12, 13, 14]);
    const sub = u8.subarray(1, 3);
    const dv = new DataView(new Uint8Array([20, 21, 22, 23]).buffer, 1, 2);
    const i16 = new Int16Array([0x0102, -1]);
    const b = new Blob([ab, sub, dv, i16]);
    check("size", () => b.size);
    await acheck("bytes", async () => new Uint8Array(await b.arrayBuffer()));
    u8[1] = 99;
    new Uint8Array(ab)[0] = 99;
    await acheck("after mutating sources", async () => new Uint8Array(await b.arrayBuffer()));
    await acheck("empty buffer", async () => new Blob([new ArrayBuffer(0)]).size);
    await acheck("float32", async () => new Uint8Array(await new Blob([new Float32Array([1])]).arrayBuffer()));
    return done();
  },
};
