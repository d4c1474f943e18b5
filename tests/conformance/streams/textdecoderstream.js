export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const run = async (chunks, label, options) => {
      const tds = new TextDecoderStream(label, options);
      const w = tds.writable.getWriter();
      for (const c of chunks) w.write(c).catch(() => {});
      w.close().catch(() => {});
      const out = [];
      for await (const x of tds.readable) out.push(x);
      return out;
    };
    const bytes = (...b) => new Uint8Array(b);
    const t = new TextDecoderStream();
    check("defaults", () => [t.encoding, t.fatal, t.ignoreBOM]);
    const t2 = new TextDecoderStream("UTF-16LE", { fatal: true, ignoreBOM: true });
    check("options", () => [t2.encoding, t2.fatal, t2.ignoreBOM]);
    check("bad label", () => new TextDecoderStream("no-such-encoding"));
    await acheck("ascii", () => run([bytes(104, 105)]));
    // multi-byte characters split across chunks are held until complete
    await acheck("2-byte split", () => run([bytes(0x61, 0xc3), bytes(0xa9, 0x62)]));
    await acheck("3-byte split", () => run([bytes(0xe2), bytes(0x82), bytes(0xac)]));
    await acheck("4-byte split", () => run([bytes(0xf0, 0x9f), bytes(0x98, 0x80)]));
    await acheck("truncated at end", () => run([bytes(0x61, 0xe2, 0x82)]));
    await acheck("invalid byte", () => run([bytes(0x61, 0xff, 0x62)]));
    await acheck("BOM stripped", () => run([bytes(0xef, 0xbb), bytes(0xbf, 0x78)]));
    await acheck("BOM kept with ignoreBOM", async () => (await run([bytes(0xef, 0xbb, 0xbf, 0x78)], "utf-8", { ignoreBOM: true })).map((s) => s.length));
    await acheck("fatal error", () => run([bytes(0x61), bytes(0xff)], "utf-8", { fatal: true }));
    await acheck("fatal truncated at end", () => run([bytes(0xe2, 0x82)], "utf-8", { fatal: true }));
    await acheck("utf-16le split", () => run([bytes(0x61), bytes(0x00, 0x62), bytes(0x00)], "utf-16le"));
    await acheck("windows-1252", () => run([bytes(0x80, 0x41)], "windows-1252"));
    await acheck("ArrayBuffer and DataView chunks", () => run([bytes(0x61).buffer, new DataView(bytes(0x62, 0x63).buffer, 1)]));
    await acheck("empty chunk", () => run([bytes(), bytes(0x7a)]));
    await acheck("string chunk", () => run(["abc"]));
    await acheck("number chunk", () => run([42]));
    // a body through it
    const res = new Response("héllo wörld");
    const parts = [];
    for await (const s of res.body.pipeThrough(new TextDecoderStream())) parts.push(s);
    check("body", () => parts.join(""));
    return done();
  },
};
