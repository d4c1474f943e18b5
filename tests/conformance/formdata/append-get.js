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
    fd.append("a", "1");
    fd.append("b", "2");
    fd.append("a", "3");
    check("get a", () => fd.get("a"));
    check("getAll a", () => fd.getAll("a"));
    check("get missing", () => fd.get("z"));
    check("getAll missing", () => fd.getAll("z"));
    check("has a", () => fd.has("a"));
    check("has z", () => fd.has("z"));
    check("case-sensitive", () => fd.has("A"));
    check("append returns", () => fd.append("c", ""));
    check("empty value", () => fd.get("c"));
    fd.append("", "empty name");
    check("empty name", () => fd.get(""));
    check("getAll is a fresh array", () => fd.getAll("a") !== fd.getAll("a"));
    return done();
  },
};
