export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("GET + body", () => new Request("https://example.com/", { body: "x" }));
    check("HEAD + body", () => new Request("https://example.com/", { method: "HEAD", body: "x" }));
    check("GET + null body", () => new Request("https://example.com/", { body: null }).body);
    check("POST + body", () => new Request("https://example.com/", { method: "POST", body: "x" }).method);
    check("DELETE + body", () => new Request("https://example.com/", { method: "DELETE", body: "x" }).method);
    return done();
  },
};
