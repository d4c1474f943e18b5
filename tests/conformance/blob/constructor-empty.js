function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("no args size", () => new Blob().size);
    check("no args type", () => new Blob().type);
    check("undefined size", () => new Blob(undefined).size);
    check("empty array size", () => new Blob([]).size);
    check("empty string part", () => new Blob([""]).size);
    check("options undefined", () => new Blob([], undefined).type);
    check("options null", () => new Blob([], null).type);
    check("instanceof", () => new Blob() instanceof Blob);
    await acheck("text", () => new Blob().text());
    return done();
  },
};
