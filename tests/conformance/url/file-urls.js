export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "file:///C:/dir/file.txt",
      "file:///home/user/a b.txt",
      "file://host/share/f",
      "file:/x/y",
      "file:x",
      "file:///a/../b",
      "file://localhost/etc/passwd",
      "FILE:///UPPER",
      "file:///C|/x",
      "file://C:/x",
      "file:c:\\x\\y",
      "file:///",
      "file://"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
