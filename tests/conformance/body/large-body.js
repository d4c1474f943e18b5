export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const big = "x".repeat(100000) + "end";
    const t = await new Response(big).text();
    check("length", () => t.length);
    check("tail", () => t.slice(-5));
    const ab = await new Response(new Uint8Array(70000).fill(7)).arrayBuffer();
    check("bytes", () => ab.byteLength);
    check("sum", () => new Uint8Array(ab).reduce((a, b) => a + b, 0));
    return done();
  },
};
