export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const l of ["utf-8", "UTF-8", "utf8", "unicode-1-1-utf-8", " utf-8 ", "\tUtf-8\n", "x-unicode20utf8"]) {
      check(JSON.stringify(l), () => new TextDecoder(l).encoding);
    }
    for (const l of ["utf-9", "", "utf_8", "bogus"]) {
      check("invalid " + JSON.stringify(l), () => new TextDecoder(l).encoding);
    }
    check("undefined label", () => new TextDecoder(undefined).encoding);
    return done();
  },
};
