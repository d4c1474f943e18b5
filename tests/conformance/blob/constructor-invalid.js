function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("string", () => new Blob("abc"));
    check("number", () => new Blob(5));
    check("null", () => new Blob(null));
    check("plain object", () => new Blob({}));
    check("options string", () => new Blob([], "text/plain"));
    check("options number", () => new Blob([], 5));
    check("throwing toString", () => new Blob([{ toString() { throw new RangeError("x"); } }]));
    return done();
  },
};
