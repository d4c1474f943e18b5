export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Request("https://example.com/", { headers: [["X-A", "1"], ["x-a", "2"]] });
    check("get", () => r.headers.get("x-a"));
    r.headers.set("x-b", "3");
    check("mutable", () => [...r.headers]);
    const body = new Request("https://example.com/", { method: "POST", body: "text" });
    check("post string content-type", () => body.headers.get("content-type"));
    return done();
  },
};
