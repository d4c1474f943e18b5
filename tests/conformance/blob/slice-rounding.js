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
    await acheck("slice(1.5, 2.5)", () => b.slice(1.5, 2.5).text());
    await acheck("slice(2.4, 5.6)", () => b.slice(2.4, 5.6).text());
    await acheck("slice(-2.5)", () => b.slice(-2.5).text());
    return done();
  },
};
