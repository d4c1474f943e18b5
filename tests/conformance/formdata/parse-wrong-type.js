function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const fd = (body, init) => new Response(body, init).formData();
    await acheck("text/plain", () => fd("a=1"));
    await acheck("no content-type", () => fd(new Uint8Array([97])));
    await acheck("json", () => fd("{}", { headers: { "content-type": "application/json" } }));
    await acheck("null body", () => fd(null));
    await acheck("request", () => new Request("https://example.com/", { method: "POST", body: "a=1", headers: { "content-type": "text/html" } }).formData());
    return done();
  },
};
