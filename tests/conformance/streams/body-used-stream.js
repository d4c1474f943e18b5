export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("hello");
    const body = r.body;
    check("same body object", () => r.body === body);
    check("bodyUsed after getting body", () => r.bodyUsed);
    const reader = body.getReader();
    check("bodyUsed after getReader", () => r.bodyUsed);
    await acheck("text while locked", () => r.text());
    const first = await reader.read();
    check("first chunk", () => [first.value.constructor.name, new TextDecoder().decode(first.value), first.done]);
    check("bodyUsed after read", () => r.bodyUsed);
    reader.releaseLock();
    await acheck("text after read", () => r.text());
    // cancel() marks the body used
    const r2 = new Response("x");
    await r2.body.cancel();
    check("bodyUsed after cancel", () => r2.bodyUsed);
    await acheck("text after cancel", () => r2.text());
    // a used stream cannot become a body
    const s = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1])); } });
    const rd = s.getReader();
    check("locked stream", () => new Response(s));
    await rd.read(); rd.releaseLock();
    check("disturbed stream", () => new Response(s));
    // text() then body: the body is locked and used
    const r3 = new Response("y");
    await r3.text();
    check("body after text()", () => [r3.body instanceof ReadableStream, r3.body.locked, r3.bodyUsed]);
    // a body wrapped in another Response is shared
    const r4 = new Response("shared");
    const r5 = new Response(r4.body);
    check("r4 used after wrap", () => r4.bodyUsed);
    await acheck("r5 text", () => r5.text());
    check("r4 used after r5 read", () => r4.bodyUsed);
    await acheck("r4 text", () => r4.text());
    // empty bodies still have a stream
    const e = new Response("").body;
    check("empty body stream", () => e instanceof ReadableStream);
    await acheck("empty body read", async () => (await e.getReader().read()).done);
    check("no body", () => [new Response(null).body, new Response().body]);
    return done();
  },
};
