export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const buf = await new Response("A\u00e9\u20ac").arrayBuffer();
    check("instanceof", () => buf instanceof ArrayBuffer);
    check("bytes", () => buf);
    log("empty string:", await new Response("").arrayBuffer());
    return done();
  },
};
