export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://h/a/b/../c",
      "http://h/a/./b",
      "http://h/a/b/..",
      "http://h/../../x",
      "http://h/a/%2e%2E/b",
      "http://h/a/.%2e/b",
      "http://h/a//b",
      "http://h/a/b/.",
      "http://h/.",
      "foo://h/a/../b",
      "foo:/a/../b"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
