function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const parse = async (body, type) => {
      const d = await new Response(body, { headers: { "content-type": type } }).formData();
      return [...d].map(([k, v]) => k + "=" + desc(v));
    };
    const body = "--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n" +
      "--XyZ\r\nContent-Disposition: form-data; name=\"up\"; filename=\"u.txt\"\r\nContent-Type: text/plain\r\n\r\nupload\r\n" +
      "--XyZ\r\nContent-Disposition: form-data; name=\"multi\"\r\n\r\nline1\r\nline2\r\n" +
      "--XyZ--\r\n";
    await acheck("basic", () => parse(body, "multipart/form-data; boundary=XyZ"));
    await acheck("quoted boundary", () => parse(body, "multipart/form-data; boundary=\"XyZ\""));
    await acheck("upper-case type", () => parse(body, "Multipart/Form-Data; boundary=XyZ"));
    await acheck("preamble", () => parse("preamble text\r\n" + body, "multipart/form-data; boundary=XyZ"));
    await acheck("no trailing CRLF", () => parse(body.slice(0, -2), "multipart/form-data; boundary=XyZ"));
    await acheck("header case", () => parse("--b\r\ncontent-disposition: form-data; name=\"k\"\r\n\r\nv\r\n--b--", "multipart/form-data; boundary=b"));
    return done();
  },
};
