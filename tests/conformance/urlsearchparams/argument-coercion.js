export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams();
    p.append(1, 2);
    p.append(null, undefined);
    p.append({ toString() { return "o"; } }, [1, 2]);
    check("toString", () => p.toString());
    check("missing args append", () => p.append("x"));
    check("missing args get", () => p.get());
    check("get coerces", () => p.get(1));
    return done();
  },
};
