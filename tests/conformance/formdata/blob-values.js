function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const fd = new FormData();
    fd.append("b", new Blob(["blob!"], { type: "Text/X" }));
    const v = fd.get("b");
    check("is File", () => v instanceof File);
    check("name", () => v.name);
    check("type", () => v.type);
    check("size", () => v.size);
    await acheck("text", () => v.text());
    return done();
  },
};
