export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const enc = new TextEncoder();
    const rs = new ReadableStream({
      start(c) { c.enqueue(enc.encode("one,")); c.enqueue(enc.encode("two")); c.close(); },
    });
    const r = new Response(rs);
    check("content-type", () => r.headers.get("content-type"));
    log("text:", await r.text());
    return done();
  },
};
