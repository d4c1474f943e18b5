export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const enc = new TextEncoder();
    const mk = (...chunks) => new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } });
    await acheck("text", () => new Response(mk(enc.encode("a"), enc.encode("b"))).text());
    await acheck("arrayBuffer", () => new Response(mk(enc.encode("ab"))).arrayBuffer());
    await acheck("bytes", () => new Response(mk(enc.encode("ab"), new Uint8Array([0]))).bytes());
    await acheck("json", () => new Response(mk(enc.encode('{"x":'), enc.encode("[1,2]}"))).json());
    await acheck("blob", async () => { const b = await new Response(mk(enc.encode("xyz")), { headers: { "content-type": "text/x" } }).blob(); return [b.size, b.type, await b.text()]; });
    await acheck("ArrayBuffer and other views", () => new Response(mk(enc.encode("a").buffer, new DataView(enc.encode("b").buffer), new Uint16Array([0x6463]))).text());
    await acheck("empty stream", () => new Response(mk()).text());
    await acheck("string chunk", () => new Response(mk("nope")).text());
    await acheck("object chunk", () => new Response(mk(enc.encode("a"), {})).text());
    await acheck("errored stream", () => new Response(new ReadableStream({ start(c) { c.error(new RangeError("stream broke")); } })).text());
    // a pull-based, asynchronous source
    let i = 0;
    const slow = new ReadableStream({ async pull(c) { await new Promise((r) => setTimeout(r, 1)); if (++i > 3) c.close(); else c.enqueue(enc.encode(String(i))); } });
    await acheck("async source", () => new Response(slow).text());
    // the stream is the body, not a copy
    const s = mk(enc.encode("x"));
    const r = new Response(s);
    check("body is the stream", () => r.body === s);
    check("content-type", () => r.headers.get("content-type"));
    check("bodyUsed before", () => r.bodyUsed);
    await r.text();
    check("bodyUsed after", () => r.bodyUsed);
    check("stream locked after", () => s.locked);
    await acheck("read twice", () => r.text());
    // null-body statuses refuse a stream
    check("204 with a stream", () => new Response(mk(), { status: 204 }));
    return done();
  },
};
