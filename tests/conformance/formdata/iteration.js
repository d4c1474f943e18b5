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
    fd.append("z", "1");
    fd.append("a", "2");
    fd.append("m", "3");
    fd.append("a", "4");
    check("entries", () => [...fd.entries()]);
    check("keys", () => [...fd.keys()]);
    check("values", () => [...fd.values()]);
    check("default iterator", () => [...fd]);
    const it = fd.keys();
    check("next", () => { const r = it.next(); return [r.value, r.done]; });
    check("iterator is iterable", () => typeof it[Symbol.iterator]);
    check("for-of destructuring", () => { const out = []; for (const [k, v] of fd) out.push(k + v); return out.join(","); });
    check("empty", () => [...new FormData()]);
    check("Object.fromEntries", () => Object.fromEntries(fd));
    return done();
  },
};
