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
    const s = b.slice(2, 8);
    await acheck("s", () => s.text());
    await acheck("s.slice(1, 3)", () => s.slice(1, 3).text());
    await acheck("s.slice(-2)", () => s.slice(-2).text());
    await acheck("s.slice(4, 100)", () => s.slice(4, 100).text());
    check("sizes", () => [b.size, s.size, s.slice(1, 3).size]);
    await acheck("blob of slices", () => new Blob([s.slice(0, 1), b.slice(9)]).text());
    return done();
  },
};
