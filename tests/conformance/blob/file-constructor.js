function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const f = new File(["ab", new Uint8Array([0x63])], "name.txt", { type: "Text/Plain", lastModified: 1234567890123 });
    check("name", () => f.name);
    check("size", () => f.size);
    check("type", () => f.type);
    check("lastModified", () => f.lastModified);
    check("instanceof File", () => f instanceof File);
    check("instanceof Blob", () => f instanceof Blob);
    await acheck("text", () => f.text());
    check("slice is a Blob, not a File", () => f.slice(0, 1) instanceof File);
    check("default lastModified type", () => typeof new File([], "x").lastModified);
    check("default lastModified integer", () => Number.isInteger(new File([], "x").lastModified));
    check("empty name", () => new File([], "").name);
    check("name with slash", () => new File([], "a/b").name);
    check("File.length", () => File.length);
    check("prototype chain", () => Object.getPrototypeOf(File.prototype) === Blob.prototype);
    check("lastModified 0", () => new File([], "x", { lastModified: 0 }).lastModified);
    check("lastModified negative", () => new File([], "x", { lastModified: -5 }).lastModified);
    return done();
  },
};
