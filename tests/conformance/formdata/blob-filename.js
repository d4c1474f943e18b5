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
    fd.append("b", new Blob(["blob!"], { type: "text/x" }), "given.txt");
    const v = fd.get("b");
    check("is File", () => v instanceof File);
    check("name", () => v.name);
    check("type", () => v.type);
    await acheck("text", () => v.text());
    fd.set("s", new Blob(["s"]), "set.bin");
    check("set with filename", () => desc(fd.get("s")));
    fd.append("n", new Blob([]), 123);
    check("numeric filename", () => desc(fd.get("n")));
    return done();
  },
};
