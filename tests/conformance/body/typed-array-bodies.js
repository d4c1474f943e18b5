export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    log("Uint8Array:", await new Response(new Uint8Array([1, 2, 3])).arrayBuffer());
    log("Int8Array:", await new Response(new Int8Array([-1, 1])).arrayBuffer());
    log("Uint16Array:", await new Response(new Uint16Array([0x0102, 0x0304])).arrayBuffer());
    log("Float32Array:", await new Response(new Float32Array([1])).arrayBuffer());
    log("DataView:", await new Response(new DataView(new Uint8Array([9, 8, 7]).buffer)).arrayBuffer());
    log("Uint8ClampedArray:", await new Response(new Uint8ClampedArray([300, -5])).arrayBuffer());
    return done();
  },
};
