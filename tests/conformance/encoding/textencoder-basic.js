export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const e = new TextEncoder();
    check("encoding", () => e.encoding);
    check("ascii", () => e.encode("abc"));
    check("two-byte", () => e.encode("\u00e9"));
    check("three-byte", () => e.encode("\u20ac"));
    check("four-byte", () => e.encode("\u{1f600}"));
    check("empty", () => e.encode(""));
    check("no arg", () => e.encode());
    check("undefined", () => e.encode(undefined));
    check("null coerced", () => e.encode(null));
    check("number coerced", () => e.encode(12));
    check("returns Uint8Array", () => e.encode("x") instanceof Uint8Array);
    check("nul", () => e.encode("\0"));
    return done();
  },
};
