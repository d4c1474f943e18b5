export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const mk = (b) => new Request("https://example.com/", { method: "POST", body: b }).headers.get("content-type");
    check("string", () => mk("s"));
    check("URLSearchParams", () => mk(new URLSearchParams("a=1")));
    check("ArrayBuffer", () => mk(new ArrayBuffer(2)));
    check("Uint8Array", () => mk(new Uint8Array(2)));
    check("explicit wins", () => new Request("https://example.com/", { method: "POST", body: "s", headers: { "content-type": "x/y" } }).headers.get("content-type"));
    return done();
  },
};
