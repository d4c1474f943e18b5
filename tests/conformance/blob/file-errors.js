function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("no args", () => new File());
    check("one arg", () => new File([]));
    check("string bits", () => new File("abc", "x"));
    check("null bits", () => new File(null, "x"));
    check("bad options", () => new File([], "x", 5));
    return done();
  },
};
