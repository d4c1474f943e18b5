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
    fd.append(1, 2);
    fd.append(null, undefined);
    fd.append("obj", { toString() { return "str"; } });
    fd.append("lone\ud800", "val\udc00");
    fd.append("arr", [1, 2]);
    check("entries", () => [...fd]);
    check("get numeric name", () => fd.get(1));
    check("has null", () => fd.has(null));
    check("symbol name", () => fd.append(Symbol("s"), "v"));
    return done();
  },
};
