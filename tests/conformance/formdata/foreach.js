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
    fd.append("a", "1");
    fd.append("b", "2");
    const calls = [];
    const thisObj = { tag: "t" };
    fd.forEach(function (value, key, obj) { calls.push([value, key, obj === fd, this === thisObj]); }, thisObj);
    check("calls", () => calls);
    check("returns", () => fd.forEach(() => {}));
    check("non-function", () => fd.forEach(5));
    check("no callback", () => fd.forEach());
    return done();
  },
};
