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
    check("append 0 args", () => fd.append());
    check("append 1 arg", () => fd.append("a"));
    check("set 1 arg", () => fd.set("a"));
    check("get 0 args", () => fd.get());
    check("getAll 0 args", () => fd.getAll());
    check("has 0 args", () => fd.has());
    check("delete 0 args", () => fd.delete());
    check("append undefined value", () => { fd.append("u", undefined); return fd.get("u"); });
    check("FormData.length", () => FormData.length);
    check("call without new", () => FormData());
    return done();
  },
};
