export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    log("empty string:", JSON.stringify(await new Response("").text()));
    log("empty buffer:", JSON.stringify(await new Response(new ArrayBuffer(0)).text()));
    log("empty params:", JSON.stringify(await new Response(new URLSearchParams()).text()));
    check("empty string body not null", () => new Response("").body !== null);
    return done();
  },
};
