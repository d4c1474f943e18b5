export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://h/#a b",
      "http://h/#é",
      "http://h/#a\"b<c>d`e",
      "http://h/#a#b",
      "http://h/#%zz{}"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
