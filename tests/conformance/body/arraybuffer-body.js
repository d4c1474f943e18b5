export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const ab = new Uint8Array([104, 105, 0, 255]).buffer;
    const r = new Response(ab);
    check("content-type", () => r.headers.get("content-type"));
    log("bytes:", await r.arrayBuffer());
    log("text:", JSON.stringify(await new Response(new Uint8Array([104, 105]).buffer).text()));
    return done();
  },
};
