function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n\u00ff\r\n--b--";
    const d = await new Response(body, { headers: { "content-type": "multipart/form-data; boundary=b" } }).formData();
    const f = d.get("f");
    check("is File", () => f instanceof File);
    check("name", () => f.name);
    check("type", () => f.type);
    check("size", () => f.size);
    const body2 = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\nContent-Type: Image/PNG\r\n\r\n\r\n--b--";
    const d2 = await new Response(body2, { headers: { "content-type": "multipart/form-data; boundary=b" } }).formData();
    check("empty filename", () => desc(d2.get("f")));
    return done();
  },
};
