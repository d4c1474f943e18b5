function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    await acheck("invalid utf-8", () => new Blob([new Uint8Array([0x61, 0xff, 0x62, 0xc3])]).text());
    await acheck("utf-8", () => new Blob([new Uint8Array([0xe2, 0x82, 0xac])]).text());
    await acheck("nul", () => new Blob([new Uint8Array([0x61, 0, 0x62])]).text());
    await acheck("overlong", () => new Blob([new Uint8Array([0xc0, 0xaf])]).text());
    return done();
  },
};
