function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r1 = new Response(new Blob(["hello"], { type: "text/x-custom" }));
    check("content-type from type", () => r1.headers.get("content-type"));
    await acheck("text", () => r1.text());
    const r2 = new Response(new Blob(["raw"]));
    check("no type, no content-type", () => r2.headers.get("content-type"));
    const r3 = new Response(new Blob(["x"], { type: "a/b" }), { headers: { "content-type": "c/d" } });
    check("explicit header wins", () => r3.headers.get("content-type"));
    const r4 = new Response(new File(["file body"], "f.bin", { type: "application/x-f" }));
    check("file content-type", () => r4.headers.get("content-type"));
    await acheck("file text", () => r4.text());
    const r5 = new Response(new Blob([new Uint8Array([0, 255, 1])]));
    await acheck("binary", () => r5.bytes());
    return done();
  },
};
