function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("a=1", { headers: { "content-type": "application/x-www-form-urlencoded" } });
    const p = r.formData();
    check("returns promise", () => p instanceof Promise);
    await acheck("first", async () => [...await p]);
    check("bodyUsed", () => r.bodyUsed);
    await acheck("second", () => r.formData());
    const r2 = new Response("a=1", { headers: { "content-type": "application/x-www-form-urlencoded" } });
    const c = r2.clone();
    await acheck("original", async () => [...await r2.formData()]);
    await acheck("clone", async () => [...await c.formData()]);
    return done();
  },
};
