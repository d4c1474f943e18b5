function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const b = new Blob(["0123456789"], { type: "text/plain" });
    await acheck("slice()", () => b.slice().text());
    await acheck("slice(3)", () => b.slice(3).text());
    await acheck("slice(3, 6)", () => b.slice(3, 6).text());
    await acheck("slice(6, 3)", () => b.slice(6, 3).text());
    await acheck("slice(0, 100)", () => b.slice(0, 100).text());
    await acheck("slice(100)", () => b.slice(100).text());
    await acheck("slice(undefined, 4)", () => b.slice(undefined, 4).text());
    check("size of slice(2, 5)", () => b.slice(2, 5).size);
    check("slice type default", () => b.slice(1).type);
    check("slice is new object", () => b.slice() !== b);
    check("slice instanceof Blob", () => b.slice() instanceof Blob);
    return done();
  },
};
