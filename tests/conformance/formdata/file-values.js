function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const f = new File(["content"], "orig.txt", { type: "text/plain", lastModified: 42 });
    const fd = new FormData();
    fd.append("same", f);
    check("same object kept", () => fd.get("same") === f);
    fd.append("renamed", f, "new.txt");
    const r = fd.get("renamed");
    check("renamed is new object", () => r === f);
    check("renamed name", () => r.name);
    check("renamed type", () => r.type);
    check("renamed lastModified type", () => typeof r.lastModified);
    await acheck("renamed text", () => r.text());
    check("original name", () => f.name);
    check("getAll", () => fd.getAll("same").map(desc));
    return done();
  },
};
