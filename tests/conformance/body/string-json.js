export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    log("object:", await new Response('{"a":1,"b":"x","c":[null,false]}').json());
    log("number:", await new Response("  42 ").json());
    log("string:", await new Response('"s"').json());
    await acheck("invalid", () => new Response("{a:1}").json());
    await acheck("empty", () => new Response("").json());
    await acheck("null body", () => new Response(null).json());
    return done();
  },
};
