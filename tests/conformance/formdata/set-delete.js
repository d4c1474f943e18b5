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
    fd.append("a", "3");
    fd.append("c", "4");
    fd.append("a", "5");
    fd.set("a", "X");
    check("after set", () => [...fd]);
    fd.set("d", "new");
    check("set new appends", () => [...fd]);
    fd.delete("b");
    check("after delete b", () => [...fd]);
    fd.append("c", "again");
    fd.delete("c");
    check("delete removes all", () => [...fd]);
    check("delete missing", () => fd.delete("nope"));
    check("set returns", () => fd.set("a", "Y"));
    check("final", () => [...fd]);
    return done();
  },
};
