function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const b = new Blob(["stream me"]);
    const s = b.stream();
    check("locked", () => s.locked);
    const reader = s.getReader();
    check("locked after getReader", () => s.locked);
    const chunks = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(...value);
    }
    log("bytes:", new TextDecoder().decode(new Uint8Array(chunks)));
    await acheck("as response body", () => new Response(new Blob(["abc"]).stream()).text());
    await acheck("blob still readable", () => b.text());
    return done();
  },
};
