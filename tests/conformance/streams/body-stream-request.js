export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const enc = new TextEncoder();
    const mk = (...chunks) => new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(enc.encode(x)); c.close(); } });
    const req = new Request("https://example.com/", { method: "POST", body: mk("a=1", "&b=2"), headers: { "content-type": "application/x-www-form-urlencoded" } });
    check("body is a ReadableStream", () => req.body instanceof ReadableStream);
    const form = await req.formData();
    check("formData", () => [...form]);
    check("bodyUsed", () => req.bodyUsed);
    await acheck("text", () => new Request("https://example.com/", { method: "PUT", body: mk("put body") }).text());
    check("GET with a stream", () => new Request("https://example.com/", { body: mk("x") }));
    // a Request made from a Request with a stream body takes the body over
    const first = new Request("https://example.com/", { method: "POST", body: mk("moved") });
    const second = new Request(first);
    check("first bodyUsed", () => first.bodyUsed);
    await acheck("second text", () => second.text());
    await acheck("first text", () => first.text());
    // clone()
    const orig = new Request("https://example.com/", { method: "POST", body: mk("cl", "one") });
    const copy = orig.clone();
    await acheck("original", () => orig.text());
    await acheck("clone", () => copy.text());
    return done();
  },
};
