// request: POST /form
// header: Content-Type: application/x-www-form-urlencoded
// body: name=J%C3%BCrgen&tags=a&tags=b+c&empty=
function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = await request.formData();
    check("entries", () => [...d]);
    check("bodyUsed", () => request.bodyUsed);
    return done();
  },
};
