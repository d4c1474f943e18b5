export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const all = new Uint8Array([10, 11, 12, 13, 14, 15]);
    log("subarray:", await new Response(all.subarray(2, 4)).arrayBuffer());
    log("DataView window:", await new Response(new DataView(all.buffer, 1, 3)).arrayBuffer());
    log("empty view:", await new Response(all.subarray(3, 3)).arrayBuffer());
    log("text of view:", await new Response(new Uint8Array([97, 98, 99, 100]).subarray(1)).text());
    return done();
  },
};
