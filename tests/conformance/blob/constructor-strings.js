function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const b = new Blob(["abc", "d\u00e9f", "\u20ac", "\ud83d\ude00"]);
    check("size", () => b.size);
    await acheck("text", () => b.text());
    await acheck("bytes", async () => new Uint8Array(await b.arrayBuffer()));
    await acheck("lone high surrogate", async () => new Uint8Array(await new Blob(["a\ud800b"]).arrayBuffer()));
    await acheck("lone low surrogate", async () => new Uint8Array(await new Blob(["\udc00"]).arrayBuffer()));
    await acheck("split pair", async () => new Uint8Array(await new Blob(["\ud83d", "\ude00"]).arrayBuffer()));
    await acheck("crlf kept", async () => new Uint8Array(await new Blob(["a\r\nb\rc\n"]).arrayBuffer()));
    return done();
  },
};
