export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    h.append("x", "3");
    h.append("x", "1");
    h.append("x", "2");
    check("get preserves insertion order", () => h.get("x"));
    h.append("accept-encoding", "gzip");
    h.append("accept-encoding", "br");
    check("accept-encoding", () => h.get("accept-encoding"));
    check("entries", () => [...h]);
    return done();
  },
};
