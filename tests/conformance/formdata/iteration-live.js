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
    const seen = [];
    for (const [k] of fd) {
      seen.push(k);
      if (k === "a") fd.append("c", "3");
    }
    check("appended during iteration", () => seen);
    const fd2 = new FormData();
    fd2.append("a", "1");
    fd2.append("b", "2");
    fd2.append("c", "3");
    const it = fd2.keys();
    check("first", () => it.next().value);
    fd2.delete("a");
    check("after deleting a visited entry", () => it.next().value);
    return done();
  },
};
