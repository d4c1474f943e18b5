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
    await acheck("strings", () => b.slice("2", "4").text());
    await acheck("NaN", () => b.slice(NaN, NaN).text());
    await acheck("null", () => b.slice(null, 3).text());
    await acheck("Infinity", () => b.slice(2, Infinity).text());
    await acheck("-Infinity", () => b.slice(-Infinity, 2).text());
    await acheck("true", () => b.slice(true, 3).text());
    return done();
  },
};
