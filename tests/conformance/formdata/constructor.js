function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("no args", () => [...new FormData()].length);
    check("undefined", () => [...new FormData(undefined)].length);
    check("instanceof", () => new FormData() instanceof FormData);
    for (const m of ["append", "delete", "get", "getAll", "has", "set", "forEach", "entries", "keys", "values"]) {
      check(m, () => typeof FormData.prototype[m]);
    }
    check("append enumerable", () => Object.getOwnPropertyDescriptor(FormData.prototype, "append").enumerable);
    return done();
  },
};
