export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of [200, 201, 204, 299, 300, 301, 304, 399, 400, 404, 418, 500, 599]) {
      const body = [204, 304].includes(s) ? null : "x";
      check(String(s), () => { const r = new Response(body, { status: s }); return [r.status, r.ok]; });
    }
    return done();
  },
};
