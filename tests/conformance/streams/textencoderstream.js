export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const run = async (chunks) => {
      const tes = new TextEncoderStream();
      const w = tes.writable.getWriter();
      for (const c of chunks) w.write(c);
      w.close();
      const out = [];
      for await (const x of tes.readable) out.push(x.constructor.name + "[" + x.join(",") + "]");
      return out;
    };
    const t = new TextEncoderStream();
    check("encoding", () => t.encoding);
    check("sides", () => [t.readable instanceof ReadableStream, t.writable instanceof WritableStream]);
    await acheck("ascii", () => run(["hi", "!"]));
    await acheck("multi-byte", () => run(["é", "€", "😀"]));
    await acheck("empty chunk", () => run(["", "a", ""]));
    await acheck("surrogate pair split", () => run(["a\ud83d", "\ude00b"]));
    await acheck("lone high surrogate at end", () => run(["x\ud83d"]));
    await acheck("lone high then non-low", () => run(["\ud83d", "z"]));
    await acheck("lone low surrogate", () => run(["\ude00"]));
    await acheck("non-strings are converted", () => run([12, null, undefined, { toString() { return "o"; } }]));
    await acheck("symbol", async () => { const s = new TextEncoderStream(); const w = s.writable.getWriter(); s.readable.getReader().read().catch(() => {}); return w.write(Symbol("x")); });
    // piping text into it
    const rs = new ReadableStream({ start(c) { c.enqueue("hello "); c.enqueue("world"); c.close(); } });
    await acheck("as a body", () => new Response(rs.pipeThrough(new TextEncoderStream())).text());
    return done();
  },
};
