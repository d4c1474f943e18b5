export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams();
    p.append("sp ace", "a b");
    p.append("sym", "!\"#$%&'()*+,/:;<=>?@[\\]^`{|}~");
    p.append("safe", "*-._");
    p.append("uni", "\u00e9\u2713\u{1f600}");
    p.append("nl", "a\nb\r\n");
    p.append("", "");
    p.append("=&", "=&");
    check("toString", () => p.toString());
    check("String()", () => String(p));
    check("template", () => "" + p);
    return done();
  },
};
