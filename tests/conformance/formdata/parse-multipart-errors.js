function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const fd = (body, type) => new Response(body, { headers: { "content-type": type } }).formData();
    await acheck("no boundary param", () => fd("--b\r\n", "multipart/form-data"));
    await acheck("boundary not found", () => fd("garbage", "multipart/form-data; boundary=b"));
    await acheck("truncated", () => fd("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", "multipart/form-data; boundary=b"));
    await acheck("no name", () => fd("--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--", "multipart/form-data; boundary=b"));
    await acheck("empty body", () => fd("", "multipart/form-data; boundary=b"));
    return done();
  },
};
