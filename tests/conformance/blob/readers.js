function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const b = new Blob(["hi!"]);
    const p = b.text();
    check("text returns promise", () => p instanceof Promise);
    await acheck("text", () => p);
    await acheck("text again", () => b.text());
    const ab1 = await b.arrayBuffer();
    const ab2 = await b.arrayBuffer();
    check("arrayBuffer", () => ab1);
    check("arrayBuffer fresh each time", () => ab1 !== ab2);
    new Uint8Array(ab1)[0] = 0;
    await acheck("unaffected by mutation", () => b.text());
    const u = await b.bytes();
    check("bytes", () => u);
    check("bytes is Uint8Array", () => u instanceof Uint8Array);
    u[0] = 65;
    await acheck("unaffected by bytes mutation", () => b.text());
    return done();
  },
};
