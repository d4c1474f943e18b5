function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("number", () => new File([], 42).name);
    check("null", () => new File([], null).name);
    check("undefined", () => new File([], undefined).name);
    check("object", () => new File([], { toString() { return "obj"; } }).name);
    check("lone surrogate", () => new File([], "a\ud800").name);
    check("unicode", () => new File([], "\u00e9t\u00e9.txt").name);
    return done();
  },
};
