function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = new Blob(["ab"], { type: "text/a" });
    const b = new Blob([a, "-", a]);
    check("size", () => b.size);
    check("type not inherited", () => b.type);
    await acheck("text", () => b.text());
    const c = new Blob([b, new Uint8Array([0x21]), new Blob([])]);
    await acheck("nested", () => c.text());
    const f = new File(["file"], "f.txt");
    await acheck("file part", () => new Blob([f, a]).text());
    await acheck("slice part", () => new Blob([new Blob(["0123456789"]).slice(2, 5)]).text());
    return done();
  },
};
