export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("x", { status: 201 });
    try { r.status = 500; } catch (e) { log("assign threw", e.name); }
    check("status", () => r.status);
    check("instanceof", () => r instanceof Response);
    check("no new", () => Response("x"));
    return done();
  },
};
