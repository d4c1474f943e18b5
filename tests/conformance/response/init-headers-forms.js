export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("object", () => [...new Response(null, { headers: { B: "2", a: "1" } }).headers]);
    check("array", () => [...new Response(null, { headers: [["x", "1"], ["x", "2"]] }).headers]);
    check("Headers", () => [...new Response(null, { headers: new Headers({ h: "v" }) }).headers]);
    check("invalid", () => new Response(null, { headers: [["bad name", "v"]] }));
    check("init not object", () => new Response(null, 5));
    return done();
  },
};
