function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    await acheck("numbers", () => new Blob([1, 2.5, -0]).text());
    await acheck("null and undefined", () => new Blob([null, undefined]).text());
    await acheck("booleans", () => new Blob([true, false]).text());
    await acheck("object toString", () => new Blob([{ toString() { return "T"; } }]).text());
    await acheck("plain object", () => new Blob([{}]).text());
    await acheck("array part", () => new Blob([[1, 2]]).text());
    await acheck("iterable parts", () => new Blob(new Set(["x", "y"])).text());
    await acheck("generator parts", () => new Blob((function* () { yield "g"; yield "h"; })()).text());
    check("symbol part", () => new Blob([Symbol("s")]));
    return done();
  },
};
