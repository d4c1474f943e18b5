function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("hello", { headers: { "content-type": "Text/Plain; Charset=UTF-8" } });
    const b = await r.blob();
    check("instanceof Blob", () => b instanceof Blob);
    check("is File", () => b instanceof File);
    check("type", () => b.type);
    check("size", () => b.size);
    await acheck("text", () => b.text());
    check("bodyUsed", () => r.bodyUsed);
    await acheck("second read", () => r.blob());
    await acheck("no content-type", async () => (await new Response(new Uint8Array([1, 2])).blob()).type);
    await acheck("string body type", async () => (await new Response("s").blob()).type);
    await acheck("json type", async () => (await Response.json({ a: 1 }).blob()).type);
    await acheck("null body", async () => desc(await new Response(null).blob()));
    await acheck("request blob", async () => desc(await new Request("https://example.com/", { method: "POST", body: "abc" }).blob()));
    return done();
  },
};
