// request: POST /upload
// header: Content-Type: application/x-thing
// body: incoming body
function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const b = await request.blob();
    check("type", () => b.type);
    check("size", () => b.size);
    await acheck("text", () => b.text());
    return done();
  },
};
