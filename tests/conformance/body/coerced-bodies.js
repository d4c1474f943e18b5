export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    log("number:", await new Response(123).text());
    log("boolean:", await new Response(true).text());
    log("object:", await new Response({}).text());
    log("array:", await new Response([1, 2]).text());
    log("toString:", await new Response({ toString() { return "custom"; } }).text());
    check("number content-type", () => new Response(123).headers.get("content-type"));
    check("symbol", () => new Response(Symbol("s")));
    return done();
  },
};
