export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const enc = new TextEncoder();
    const mk = (...chunks) => new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(enc.encode(x)); c.close(); } });
    const r = new Response(mk("one ", "two"));
    const c = r.clone();
    check("bodies differ", () => r.body !== c.body);
    check("bodyUsed", () => [r.bodyUsed, c.bodyUsed]);
    await acheck("clone text", () => c.text());
    await acheck("original text", () => r.text());
    check("bodyUsed after", () => [r.bodyUsed, c.bodyUsed]);
    check("clone after read", () => r.clone());
    // read one side by chunks, the other whole
    const r2 = new Response(mk("x", "y", "z"));
    const c2 = r2.clone();
    const chunks = [];
    for await (const chunk of c2.body) chunks.push(new TextDecoder().decode(chunk));
    check("clone chunks", () => chunks.join("|"));
    await acheck("original whole", () => r2.text());
    // a clone of a byte-backed body that was turned into a stream
    const r3 = new Response("bytes");
    const b3 = r3.body;
    const c3 = r3.clone();
    await acheck("bytes clone", () => c3.text());
    await acheck("bytes original", () => r3.text());
    check("locked body", () => b3.locked);
    // cloning a body whose stream is locked
    const r4 = new Response(mk("l"));
    r4.body.getReader();
    check("clone while locked", () => r4.clone());
    // clone of a Request with a stream body
    const q = new Request("https://example.com/", { method: "POST", body: mk("req") });
    const qc = q.clone();
    await acheck("request clone", async () => [await q.text(), await qc.text()]);
    return done();
  },
};
