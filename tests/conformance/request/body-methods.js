export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const mk = (b) => new Request("https://example.com/", { method: "POST", body: b });
    log("text:", await mk("hello").text());
    log("json:", await mk('{"a":[1,2]}').json());
    log("arrayBuffer:", await mk("AB").arrayBuffer());
    log("bytes typed:", await mk(new Uint8Array([1, 2, 3])).arrayBuffer());
    await acheck("bad json", () => mk("{nope").json());
    const r = mk("x");
    await r.text();
    check("bodyUsed", () => r.bodyUsed);
    await acheck("second read", () => r.text());
    return done();
  },
};
