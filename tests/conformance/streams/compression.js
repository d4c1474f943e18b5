export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const enc = new TextEncoder();
    const roundtrip = async (format, text) => {
      const c = new Response(new Blob([text]).stream().pipeThrough(new CompressionStream(format)));
      const bytes = await c.arrayBuffer();
      const d = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format)));
      return [bytes.byteLength > 0, await d.text()];
    };
    for (const f of ["gzip", "deflate", "deflate-raw"]) await acheck("roundtrip " + f, () => roundtrip(f, "hello hello hello hello"));
    const big = "x".repeat(300000) + "end";  // over one native call's input and output
    await acheck("big", async () => { const [, t] = await roundtrip("gzip", big); return [t.length, t.slice(-3)]; });
    // gzip of "hello\n" (from gzip -n)
    const gz = new Uint8Array([31,139,8,0,0,0,0,0,0,3,203,72,205,201,201,231,2,0,32,48,58,54,6,0,0,0]);
    await acheck("known gzip", () => new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"))).text());
    await acheck("split gzip", async () => {
      const ds = new DecompressionStream("gzip"); const w = ds.writable.getWriter();
      for (const b of gz) w.write(new Uint8Array([b])); w.close();
      return new Response(ds.readable).text();
    });
    await acheck("truncated", () => new Response(new Blob([gz.slice(0, 15)]).stream().pipeThrough(new DecompressionStream("gzip"))).text());
    await acheck("trailing", () => new Response(new Blob([gz, new Uint8Array([1, 2])]).stream().pipeThrough(new DecompressionStream("gzip"))).text());
    await acheck("garbage", () => new Response(new Blob(["not gzip at all"]).stream().pipeThrough(new DecompressionStream("gzip"))).text());
    await acheck("wrong format", () => new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream("deflate"))).text());
    check("bad format", () => new CompressionStream("brotli"));
    check("no format", () => new CompressionStream());
    check("bad format d", () => new DecompressionStream("zip"));
    await acheck("empty", async () => { const cs = new CompressionStream("gzip"); const w = cs.writable.getWriter(); w.close(); const b = await new Response(cs.readable).arrayBuffer(); const ds = new DecompressionStream("gzip"); const w2 = ds.writable.getWriter(); w2.write(b); w2.close(); return new Response(ds.readable).text(); });
    check("props", () => { const c = new CompressionStream("deflate"); return [c.readable instanceof ReadableStream, c.writable instanceof WritableStream]; });
    return done();
  },
};
