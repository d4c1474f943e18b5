export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams([["a", "1"], ["b", "x y"], ["c", "\u00e9&="]]);
    const r = new Response(p);
    check("content-type", () => r.headers.get("content-type"));
    log("text:", await r.text());
    const q = new Request("https://example.com/", { method: "POST", body: p });
    check("request content-type", () => q.headers.get("content-type"));
    log("request text:", await q.text());
    return done();
  },
};
