// A CompressionStream's chunks must be BufferSources (the Compression Standard: a TypeError
// errors the stream); workerd compresses a string as UTF-8 (NOTES.md).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const cs = new CompressionStream("gzip");
    const w = cs.writable.getWriter();
    const out = new Response(cs.readable).arrayBuffer();
    await w.write("str").then(() => log("write accepted"), (e) => log("write rejected", e.name));
    await w.close().then(() => log("closed"), (e) => log("close rejected", e.name));
    const b = await out.catch((e) => "read rejected " + e.name);
    if (typeof b === "string") log(b);
    else log("decompressed:", await new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"))).text());
    return done();
  },
};
