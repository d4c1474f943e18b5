export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "foo://bar/baz",
      "foo://bar",
      "foo:/path",
      "foo:opaque path",
      "mailto:user@example.com",
      "data:text/plain,hello world",
      "javascript:alert(1)",
      "urn:isbn:0451450523",
      "blob:https://example.com/uuid",
      "sc://é/",
      "sc://a b/",
      "git+ssh://git@github.com/x.git",
      "foo://[::1]:99/"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
