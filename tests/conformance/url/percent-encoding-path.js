export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://h/a b",
      "http://h/é",
      "http://h/%41%zz",
      "http://h/a\"b<c>d`e{f}g",
      "http://h/a?b#c",
      "http://h/😀",
      "http://h/a%2Fb",
      "http://h/[]|^",
      "foo://h/a bé"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
