export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of [0, 100, 199, 600, 999, -1, 65536]) {
      check(String(s), () => new Response(null, { status: s }).status);
    }
    check("200.7", () => new Response(null, { status: 200.7 }).status);
    check("string 404", () => new Response(null, { status: "404" }).status);
    check("NaN", () => new Response(null, { status: NaN }).status);
    return done();
  },
};
