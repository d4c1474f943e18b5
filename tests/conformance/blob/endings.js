function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    await acheck("transparent", async () => JSON.stringify(await new Blob(["a\r\nb\rc\n"], { endings: "transparent" }).text()));
    await acheck("native", async () => JSON.stringify(await new Blob(["a\r\nb\rc\nd\n\r"], { endings: "native" }).text()));
    await acheck("native leaves buffers", async () => new Uint8Array(await new Blob([new Uint8Array([13, 10])], { endings: "native" }).arrayBuffer()));
    check("invalid", () => new Blob([], { endings: "windows" }));
    return done();
  },
};
