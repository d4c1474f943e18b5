export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = new Response("abc");
    await r.text();
    await acheck("text again", () => r.text());
    await acheck("json after text", () => r.json());
    await acheck("arrayBuffer after text", () => r.arrayBuffer());
    const r2 = new Response("{}");
    await r2.json();
    await acheck("text after json", () => r2.text());
    const r3 = new Response("x");
    const [a, b] = await Promise.allSettled([r3.text(), r3.text()]);
    check("concurrent reads", () => [a.status, a.value, b.status, b.reason && b.reason.name]);
    return done();
  },
};
