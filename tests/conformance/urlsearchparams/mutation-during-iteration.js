export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams("a=1&b=2&c=3&d=4");
    const seen = [];
    for (const [k] of p) {
      seen.push(k);
      if (k === "a") p.delete("a");
    }
    check("delete current", () => seen);
    const q = new URLSearchParams("a=1");
    const seen2 = [];
    for (const [k] of q) {
      seen2.push(k);
      if (seen2.length < 3) q.append("n" + seen2.length, "x");
    }
    check("append during", () => seen2);
    return done();
  },
};
