export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u8 = new Uint8Array([1, 2, 3]);
    const r = new Response(u8);
    u8[0] = 99;
    log("bytes after mutation:", await r.arrayBuffer());
    const ab = new Uint8Array([4, 5]).buffer;
    const r2 = new Response(ab);
    new Uint8Array(ab)[1] = 77;
    log("arraybuffer after mutation:", await r2.arrayBuffer());
    return done();
  },
};
