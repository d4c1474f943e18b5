export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const bytes = new TextEncoder().encode("caf\u00e9 \u2713");
    const b64 = btoa(String.fromCharCode(...bytes));
    check("b64", () => b64);
    const back = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    check("decoded", () => new TextDecoder().decode(back));
    return done();
  },
};
