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
    fd.append("typed", new File(["<p>hi</p>"], "page.html", { type: "text/html" }));
    fd.append("untyped", new File([new Uint8Array([1, 2])], "data.bin"));
    fd.append("named", new Blob(["x"], { type: "text/plain" }), "x.txt");
    fd.append("text", "plain");
    const r = new Response(fd);
    const b = boundaryOf(r.headers.get("content-type"));
    log("text:", JSON.stringify(scrub(await r.text(), b)));
    return done();
  },
};
