// Chunks written to an IdentityTransformStream must be bytes (or strings): anything else
// rejects that write with a TypeError and the stream goes on working.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const [label, chunk] of [["number", 5], ["object", {}], ["null", null], ["array", [1, 2]], ["boolean", true], ["Blob", new Blob(["x"])]]) {
      const t = new IdentityTransformStream();
      const w = t.writable.getWriter();
      const r = t.readable.getReader();
      let p;
      try { p = w.write(chunk); } catch (e) { log(label + ": threw synchronously " + e.name); continue; }
      await acheck(label, async () => { await p; return "resolved"; });
      w.write(new Uint8Array([1]));
      const next = await r.read();
      check(label + " then", () => Array.from(next.value));
      check(label + " desiredSize", () => w.desiredSize);
    }
    const t = new IdentityTransformStream();
    const w = t.writable.getWriter();
    w.write(5).catch(() => {});
    w.write(new Uint8Array([2, 3]));
    w.close();
    await acheck("body text after a refused chunk", async () => Array.from(new Uint8Array(await new Response(t.readable).arrayBuffer())));
    return done();
  },
};
