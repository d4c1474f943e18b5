export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    h.set("Content-Type", "text/html");
    check("get lower", () => h.get("content-type"));
    check("get upper", () => h.get("CONTENT-TYPE"));
    check("get mixed", () => h.get("CoNtEnT-TyPe"));
    check("has upper", () => h.has("CONTENT-TYPE"));
    h.delete("CONTENT-type");
    check("has after delete", () => h.has("content-type"));
    check("get after delete", () => h.get("content-type"));
    return done();
  },
};
