function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("lowercased", () => new Blob([], { type: "Text/HTML" }).type);
    check("with params", () => new Blob([], { type: "text/plain;Charset=UTF-8" }).type);
    check("spaces kept", () => new Blob([], { type: "  Text/Plain ; x=Y " }).type);
    check("not a mime type", () => new Blob([], { type: "hello world" }).type);
    check("non-ascii", () => new Blob([], { type: "text/\u00e9" }).type);
    check("control char", () => new Blob([], { type: "text/plain\n" }).type);
    check("tab", () => new Blob([], { type: "text/plain\t" }).type);
    check("del", () => new Blob([], { type: "text/\u007f" }).type);
    check("number", () => new Blob([], { type: 42 }).type);
    check("null", () => new Blob([], { type: null }).type);
    check("undefined", () => new Blob([], { type: undefined }).type);
    check("non-ascii capital", () => new Blob([], { type: "A\u0130" }).type);
    return done();
  },
};
