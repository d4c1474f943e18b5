function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const b = new Blob(["abc"], { type: "text/plain" });
    check("given", () => b.slice(0, 1, "Image/PNG").type);
    check("empty", () => b.slice(0, 1, "").type);
    check("undefined", () => b.slice(0, 1, undefined).type);
    check("null", () => b.slice(0, 1, null).type);
    check("non-ascii", () => b.slice(0, 1, "a/\u00e9").type);
    check("number", () => b.slice(0, 1, 7).type);
    check("original unchanged", () => b.type);
    return done();
  },
};
