export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    h.append("Accept", "text/html");
    h.append("accept", "application/json");
    h.append("ACCEPT", "*/*");
    check("get", () => h.get("accept"));
    check("entries", () => [...h]);
    h.append("x-empty", "");
    h.append("x-empty", "");
    check("empty values", () => h.get("x-empty"));
    return done();
  },
};
