export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "http://user@h/",
      "http://user:@h/",
      "http://:pass@h/",
      "http://us er:pa ss@h/",
      "http://ué:p@ss@h/",
      "http://a:b:c@h/",
      "http://%41:%42@h/",
      "http://@h/",
      "http://u;x:p?@h/"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
