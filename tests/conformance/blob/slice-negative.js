function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const b = new Blob(["0123456789"]);
    await acheck("slice(-3)", () => b.slice(-3).text());
    await acheck("slice(-3, -1)", () => b.slice(-3, -1).text());
    await acheck("slice(1, -1)", () => b.slice(1, -1).text());
    await acheck("slice(-100)", () => b.slice(-100).text());
    await acheck("slice(-100, -50)", () => b.slice(-100, -50).text());
    await acheck("slice(-2, -5)", () => b.slice(-2, -5).text());
    await acheck("slice(0, -10)", () => b.slice(0, -10).text());
    await acheck("slice(-0)", () => b.slice(-0).text());
    return done();
  },
};
