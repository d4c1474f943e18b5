export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("default 404", () => new Response(null, { status: 404 }).statusText);
    check("custom", () => new Response(null, { status: 200, statusText: "Fine" }).statusText);
    check("empty", () => new Response(null, { statusText: "" }).statusText);
    check("with space", () => new Response(null, { statusText: "A b" }).statusText);
    check("with tab", () => new Response(null, { statusText: "a\tb" }).statusText);
    check("obs-text", () => new Response(null, { statusText: "caf\u00e9" }).statusText);
    check("newline", () => new Response(null, { statusText: "a\nb" }).statusText);
    check("non-latin1", () => new Response(null, { statusText: "\u20ac" }).statusText);
    return done();
  },
};
