function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    return new Response(new Blob(["returned ", new Uint8Array([0x62, 0x6c, 0x6f, 0x62]), "\n"], { type: "Text/Plain;Charset=UTF-8" }));
    return done();
  },
};
