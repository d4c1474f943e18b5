export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const names = ["!#$%&'*+-.^_|~", "X-123", "a", "ALLCAPS", "back`tick"];
    const h = new Headers();
    for (const n of names) check("append " + JSON.stringify(n), () => h.append(n, "v"));
    check("keys", () => [...h.keys()]);
    return done();
  },
};
