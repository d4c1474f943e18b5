export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const mk = (b) => new Request("https://example.com/", { method: "PUT", body: b });
    log("string:", await mk("s").text());
    log("ArrayBuffer:", await mk(new Uint8Array([65, 66]).buffer).text());
    log("Uint8Array:", await mk(new Uint8Array([67])).text());
    log("URLSearchParams:", await mk(new URLSearchParams("x=1&y=2")).text());
    log("null:", JSON.stringify(await mk(null).text()));
    check("null body", () => mk(null).body);
    return done();
  },
};
