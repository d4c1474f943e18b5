export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new TextDecoder();
    const bytes = new Uint8Array([0, 97, 98, 99, 100, 0]);
    check("ArrayBuffer", () => d.decode(new Uint8Array([97, 98]).buffer));
    check("subarray", () => d.decode(bytes.subarray(1, 3)));
    check("DataView", () => d.decode(new DataView(bytes.buffer, 2, 3)));
    check("Uint16Array", () => d.decode(new Uint16Array([0x6261])));
    check("Int8Array", () => d.decode(new Int8Array([65, 66])));
    check("string", () => d.decode("abc"));
    check("array", () => d.decode([97]));
    check("null", () => d.decode(null));
    return done();
  },
};
