function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const q = new Request("https://example.com/", { method: "POST", body: new Blob(["data"], { type: "application/octet-stream" }) });
    check("content-type", () => q.headers.get("content-type"));
    await acheck("text", () => q.text());
    const q2 = new Request("https://example.com/", { method: "PUT", body: new Blob([]) });
    check("empty blob content-type", () => q2.headers.get("content-type"));
    await acheck("empty blob text", () => q2.text());
    check("GET with blob", () => new Request("https://example.com/", { body: new Blob(["x"]) }));
    return done();
  },
};
