export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const p = new URLSearchParams();
    p.append("\u{1f600}", "a");
    p.append("\uffff", "b");
    p.append("\u{10000}", "c");
    p.sort();
    check("order by UTF-16 code units", () => [...p.values()]);
    return done();
  },
};
