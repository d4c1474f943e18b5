export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of [101, 204, 205, 304]) {
      check(s + " with body", () => new Response("x", { status: s }).status);
      check(s + " null body", () => new Response(null, { status: s }).status);
    }
    check("204 empty string", () => new Response("", { status: 204 }).status);
    return done();
  },
};
