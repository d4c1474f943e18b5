function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const boundaryOf = (ct) => /boundary=([^;]*)/.exec(ct)[1];
    const scrub = (text, b) => text.split(b).join("BOUNDARY");

    const fd = new FormData();
    fd.append("a", "1");
    fd.append("b", "two words");
    fd.append("a", "3");
    const r = new Response(fd);
    const ct = r.headers.get("content-type");
    const b = boundaryOf(ct);
    check("content-type", () => scrub(ct, b));
    check("boundary format", () => /^[0-9a-f]{32}$/.test(b));
    log("text:", JSON.stringify(scrub(await r.text(), b)));
    return done();
  },
};
