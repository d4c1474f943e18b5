export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const u = crypto.randomUUID();
    check("typeof", () => typeof u);
    check("length", () => u.length);
    check("matches v4 format", () => re.test(u));
    const many = Array.from({ length: 200 }, () => crypto.randomUUID());
    check("all match", () => many.every((x) => re.test(x)));
    check("all distinct", () => new Set(many).size);
    check("lowercase", () => many.every((x) => x === x.toLowerCase()));
    return done();
  },
};
