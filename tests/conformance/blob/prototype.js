function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = (k) => Object.getOwnPropertyDescriptor(Blob.prototype, k);
    check("Blob.length", () => Blob.length);
    check("Blob.name", () => Blob.name);
    check("size getter", () => typeof d("size").get);
    check("type getter", () => typeof d("type").get);
    for (const m of ["slice", "text", "arrayBuffer", "bytes", "stream"]) check(m, () => typeof Blob.prototype[m]);
    check("size enumerable", () => d("size").enumerable);
    check("slice enumerable", () => d("slice").enumerable);
    check("no own size", () => Object.prototype.hasOwnProperty.call(new Blob(), "size"));
    check("call without new", () => Blob());
    check("size on prototype", () => Blob.prototype.size);
    return done();
  },
};
