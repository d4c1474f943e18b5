export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("streamed");
    check("same body object", () => r.body === r.body);
    const reader = r.body.getReader();
    check("bodyUsed while locked", () => r.bodyUsed);
    await acheck("text while locked", () => r.text());
    let total = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += new TextDecoder().decode(value);
    }
    log("read:", total);
    check("bodyUsed after reading", () => r.bodyUsed);
    return done();
  },
};
