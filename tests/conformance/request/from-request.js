export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const base = new Request("https://example.com/a", { method: "POST", headers: { "x-a": "1" }, body: "orig" });
    const copy = new Request(base);
    check("copy method", () => copy.method);
    check("copy url", () => copy.url);
    check("copy header", () => copy.headers.get("x-a"));
    check("headers copied not shared", () => copy.headers !== base.headers);
    check("base bodyUsed after copy", () => base.bodyUsed);
    log("copy body:", await copy.text());
    check("construct from used request", () => new Request(base));
    const base2 = new Request("https://example.com/b", { method: "POST", headers: { "x-a": "1" }, body: "two" });
    const over = new Request(base2, { method: "PUT", headers: { "x-b": "2" } });
    check("override method", () => over.method);
    check("override headers", () => [...over.headers]);
    log("override body:", await over.text());
    const get = new Request("https://example.com/g", { headers: { "x-g": "1" } });
    check("GET copy reusable", () => [new Request(get).url, new Request(get).url, get.bodyUsed]);
    return done();
  },
};
