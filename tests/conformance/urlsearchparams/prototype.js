export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("a=1");
    check("instanceof", () => p instanceof URLSearchParams);
    check("tag", () => Object.prototype.toString.call(p));
    check("no new", () => URLSearchParams("a=1"));
    check("JSON", () => JSON.stringify(p));
    check("methods", () => ["append", "delete", "get", "getAll", "has", "set", "sort", "toString", "forEach", "keys", "values", "entries"].map((m) => typeof p[m]));
    return done();
  },
};
