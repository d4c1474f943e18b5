function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const original = new Blob([new Uint8Array([1, 2, 3, 250])], { type: "application/x-test" });
    const r = new Response(original);
    const back = await r.blob();
    check("type", () => back.type);
    await acheck("bytes", () => back.bytes());
    const c = new Response(new Blob(["clone"], { type: "a/b" }));
    const c2 = c.clone();
    await acheck("clone 1", async () => desc(await c.blob()));
    await acheck("clone 2", async () => (await c2.blob()).text());
    return done();
  },
};
