export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const samples = ["\u0000", "\u0000\u0000", "\u00ff\u00ff\u00ff", "\u0080"];
    for (const s of samples) check(JSON.stringify(s), () => { const b = btoa(s); return [b, atob(b) === s]; });
    check("atob output is latin1", () => [...atob("gA==")].map((c) => c.charCodeAt(0)));
    return done();
  },
};
