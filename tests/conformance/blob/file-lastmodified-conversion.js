function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("fraction", () => new File([], "x", { lastModified: 12.7 }).lastModified);
    check("string", () => new File([], "x", { lastModified: "100" }).lastModified);
    check("NaN", () => new File([], "x", { lastModified: NaN }).lastModified);
    return done();
  },
};
