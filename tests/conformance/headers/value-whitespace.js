export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const h = new Headers();
    h.append("a", "  lead");
    h.append("b", "trail  ");
    h.append("c", "\t tabs \t");
    h.append("d", " in  side ");
    h.append("e", "   ");
    h.set("f", "\n\r x \r\n");
    check("entries", () => [...h]);
    return done();
  },
};
