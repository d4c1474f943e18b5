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
    fd.append("user", "ann");
    fd.append("avatar", new File(["PNG"], "a.png", { type: "image/png" }));
    const q = new Request("https://example.com/", { method: "POST", body: fd });
    const ct = q.headers.get("content-type");
    check("content-type", () => scrub(ct, boundaryOf(ct)));
    const back = await q.formData();
    check("entries", () => [...back].map(([k, v]) => k + "=" + desc(v)));
    check("bodyUsed", () => q.bodyUsed);
    await acheck("read again", () => q.formData());
    return done();
  },
};
