export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "  http://example.com/  ",
      "\thttp://exa\nmple.com/p\tath\r",
      "http://example.com/a b?c d#e f",
      "\u0000http://example.com/\u001f"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input).href);
    }
    return done();
  },
};
