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
    fd.append("a", "1");
    fd.append("file", new File(["file content"], "f.txt", { type: "text/plain" }));
    fd.append("bin", new File([new Uint8Array([0, 13, 10, 45, 45, 255])], "b.bin"));
    fd.append("a", "second");
    fd.append("unicode \u00e9", "\u2603 snow");
    const back = await new Response(fd).formData();
    check("is FormData", () => back instanceof FormData);
    check("entries", () => [...back].map(([k, v]) => k + "=" + desc(v)));
    await acheck("file text", () => back.get("file").text());
    await acheck("bin bytes", () => back.get("bin").bytes());
    return done();
  },
};
