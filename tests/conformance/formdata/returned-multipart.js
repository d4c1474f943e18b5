function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const fd = new FormData();
    fd.append("k", "v");
    const r = new Response(fd);
    const ct = r.headers.get("content-type");
    const b = /boundary=([^;]*)/.exec(ct)[1];
    const text = await r.text();
    return new Response(text.split(b).join("B"), { headers: { "content-type": ct.split(b).join("B") } });
    return done();
  },
};
