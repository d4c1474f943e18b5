export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http:\\\\example.com\\a\\b",
      "http://example.com\\x\\..\\y",
      "foo://example.com\\x",
      "file:\\\\\\c:\\dir\\f"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
